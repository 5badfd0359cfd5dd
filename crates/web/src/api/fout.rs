//! [`ApiFout`]: every error of the JSON API, answered as JSON `{"fout": "…"}` with its
//! status. Handlers return `Result<_, ApiFout>` and use `?` on store and table errors.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use store::StoreFout;

use crate::antwoord::GeenDatabase;
use crate::dashboard::download::TabelFout;

/// An error of the JSON API (see the module docs).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ApiFout {
    /// 404: no such release, table, session, …
    NietGevonden(String),
    /// 400: invalid input, naming the field and value.
    Ongeldig(String),
    /// 409: someone else changed the record first; nothing was stored.
    Verouderd(String),
    /// 503: this server runs without a database.
    GeenDatabase,
    /// 500: something that should not happen, or an answer refused by the suppression check
    /// (never a 404: the table exists).
    Intern(String),
}

impl ApiFout {
    pub fn status(&self) -> StatusCode {
        match self {
            ApiFout::NietGevonden(_) => StatusCode::NOT_FOUND,
            ApiFout::Ongeldig(_) => StatusCode::BAD_REQUEST,
            ApiFout::Verouderd(_) => StatusCode::CONFLICT,
            ApiFout::GeenDatabase => StatusCode::SERVICE_UNAVAILABLE,
            ApiFout::Intern(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn tekst(&self) -> &str {
        match self {
            ApiFout::NietGevonden(t)
            | ApiFout::Ongeldig(t)
            | ApiFout::Verouderd(t)
            | ApiFout::Intern(t) => t,
            ApiFout::GeenDatabase => GeenDatabase::TEKST,
        }
    }
}

impl IntoResponse for ApiFout {
    fn into_response(self) -> Response {
        (
            self.status(),
            Json(serde_json::json!({"fout": self.tekst()})),
        )
            .into_response()
    }
}

impl From<StoreFout> for ApiFout {
    fn from(e: StoreFout) -> Self {
        match e {
            StoreFout::Verouderd { .. } => ApiFout::Verouderd(e.to_string()),
            StoreFout::NietGevonden { .. } => ApiFout::NietGevonden(e.to_string()),
            StoreFout::Ongeldig(t) => ApiFout::Ongeldig(t),
            e => {
                tracing::error!("store: {e}");
                ApiFout::Intern(e.to_string())
            }
        }
    }
}

impl From<GeenDatabase> for ApiFout {
    fn from(_: GeenDatabase) -> Self {
        ApiFout::GeenDatabase
    }
}

impl From<TabelFout> for ApiFout {
    fn from(e: TabelFout) -> Self {
        match e {
            TabelFout::Onderdrukt => ApiFout::Intern(e.to_string()),
            TabelFout::GeenRelease | TabelFout::Release(_) | TabelFout::Onbekend(_) => {
                ApiFout::NietGevonden(e.to_string())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn json(f: ApiFout) -> (StatusCode, String, serde_json::Value) {
        let r = f.into_response();
        let soort = r.headers()["content-type"].to_str().unwrap().to_string();
        let status = r.status();
        let b = axum::body::to_bytes(r.into_body(), 1 << 20).await.unwrap();
        (status, soort, serde_json::from_slice(&b).unwrap())
    }

    #[tokio::test]
    async fn errors_are_json_with_their_status() {
        let gevallen = [
            (
                ApiFout::from(TabelFout::Onderdrukt),
                500,
                "Deze tabel bevat een klein aantal dat niet getoond mag worden.",
            ),
            (
                ApiFout::from(TabelFout::Onbekend("x".into())),
                404,
                "Er is geen tabel 'x'.",
            ),
            (
                ApiFout::from(StoreFout::NietGevonden {
                    wat: "sessie",
                    id: 7,
                }),
                404,
                "sessie 7 bestaat niet",
            ),
            (
                ApiFout::from(StoreFout::Ongeldig("versie ontbreekt".into())),
                400,
                "versie ontbreekt",
            ),
            (ApiFout::from(GeenDatabase), 503, GeenDatabase::TEKST),
        ];
        for (f, status, tekst) in gevallen {
            let (s, soort, body) = json(f).await;
            assert_eq!(s.as_u16(), status, "{body}");
            assert_eq!(soort, "application/json");
            assert_eq!(body, serde_json::json!({ "fout": tekst }));
        }
        let verouderd = StoreFout::Verouderd {
            wat: "actie",
            id: 1,
            jouw_versie: 1,
            huidige_versie: 2,
            door: "a".into(),
            op: "2025-01-01T10:00:00Z".into(),
        };
        assert_eq!(json(ApiFout::from(verouderd)).await.0, StatusCode::CONFLICT);
    }
}
