//! [`ApiFout`]: every error of the JSON API, answered as JSON `{"fout": "…"}` with its
//! status. Handlers return `Result<_, ApiFout>` and use `?` on store and table errors.

use axum::Json;
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use store::StoreFout;

use crate::antwoord::GeenDatabase;
use crate::dashboard::download::TabelFout;

/// The body of every error answer of the JSON API (also the 401, 403 and 405 of
/// `toegang`): one Dutch sentence for people.
#[derive(serde::Serialize, serde::Deserialize, utoipa::ToSchema, Debug)]
pub struct Fout {
    /// What went wrong and, where it helps, what to do.
    pub fout: String,
}

impl Fout {
    /// The JSON error answer `status` with `tekst`.
    pub fn antwoord(status: StatusCode, tekst: impl Into<String>) -> Response {
        (status, Json(Fout { fout: tekst.into() })).into_response()
    }
}

/// An error of the JSON API (see the module docs).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum ApiFout {
    /// 404: no such release, table, session, …
    NietGevonden(String),
    /// 400: invalid input, naming the field and value.
    Ongeldig(String),
    /// A request body or query that could not be read (400 bad JSON, 413 too large, 415 not
    /// JSON, 422 JSON of the wrong shape), with the reason.
    Onleesbaar(StatusCode, String),
    /// 403: the account may not see or write this record (`toegang::deelname`).
    Verboden(String),
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
            ApiFout::Verboden(_) => StatusCode::FORBIDDEN,
            ApiFout::Onleesbaar(status, _) => *status,
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
            | ApiFout::Verboden(t)
            | ApiFout::Onleesbaar(_, t)
            | ApiFout::Intern(t) => t,
            ApiFout::GeenDatabase => GeenDatabase::TEKST,
        }
    }
}

impl IntoResponse for ApiFout {
    fn into_response(self) -> Response {
        Fout::antwoord(self.status(), self.tekst())
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

impl From<JsonRejection> for ApiFout {
    fn from(e: JsonRejection) -> Self {
        let wat = match &e {
            JsonRejection::MissingJsonContentType(_) => {
                "De inhoud moet JSON zijn (Content-Type: application/json)".to_string()
            }
            JsonRejection::JsonSyntaxError(_) => "De inhoud is geen geldige JSON".to_string(),
            JsonRejection::JsonDataError(_) => {
                "De JSON heeft niet de verwachte velden of waarden".to_string()
            }
            _ => "De inhoud kon niet worden gelezen".to_string(),
        };
        ApiFout::Onleesbaar(e.status(), format!("{wat}: {}", e.body_text()))
    }
}

impl From<QueryRejection> for ApiFout {
    fn from(e: QueryRejection) -> Self {
        ApiFout::Onleesbaar(
            StatusCode::BAD_REQUEST,
            format!("De zoekparameters kloppen niet: {}", e.body_text()),
        )
    }
}

impl From<PathRejection> for ApiFout {
    fn from(e: PathRejection) -> Self {
        ApiFout::Onleesbaar(
            StatusCode::BAD_REQUEST,
            format!("Het adres klopt niet: {}", e.body_text()),
        )
    }
}

/// A path parameter of the API: like `axum::extract::Path`, with its errors as [`ApiFout`].
pub(crate) struct Pad<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for Pad<T> {
    type Rejection = ApiFout;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiFout> {
        let axum::extract::Path(v) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Pad(v))
    }
}

/// A JSON request body of the API: like `axum::Json`, but a body that cannot be read is
/// answered as an [`ApiFout`] (JSON, with its status), not as axum's plain text.
pub(crate) struct Invoer<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Invoer<T> {
    type Rejection = ApiFout;

    async fn from_request(req: Request, state: &S) -> Result<Self, ApiFout> {
        let Json(v) = Json::<T>::from_request(req, state).await?;
        Ok(Invoer(v))
    }
}

/// The query of an API request: like `axum::extract::Query`, with its errors as [`ApiFout`].
pub(crate) struct Zoek<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Zoek<T> {
    type Rejection = ApiFout;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiFout> {
        let axum::extract::Query(v) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Zoek(v))
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

    #[derive(serde::Deserialize, Debug)]
    #[allow(dead_code)]
    struct Voorbeeld {
        tekst: String,
        versie: i64,
    }

    async fn lees(soort: Option<&str>, body: &str) -> Result<Invoer<Voorbeeld>, ApiFout> {
        let mut b = axum::http::Request::builder().method("POST").uri("/api/x");
        if let Some(s) = soort {
            b = b.header("content-type", s);
        }
        Invoer::<Voorbeeld>::from_request(
            b.body(axum::body::Body::from(body.to_string())).unwrap(),
            &(),
        )
        .await
    }

    #[tokio::test]
    async fn an_unreadable_body_is_a_json_error_with_its_status() {
        let ok = lees(Some("application/json"), r#"{"tekst": "a", "versie": 1}"#).await;
        assert_eq!(ok.unwrap().0.versie, 1);
        let gevallen = [
            (None, "{}", 415, "Content-Type: application/json"),
            (
                Some("application/json"),
                "{niet json",
                400,
                "geen geldige JSON",
            ),
            (
                Some("application/json"),
                r#"{"tekst": "a", "versie": "twee"}"#,
                422,
                "niet de verwachte velden",
            ),
        ];
        for (soort, body, status, tekst) in gevallen {
            let Err(f) = lees(soort, body).await else {
                panic!("{body} werd gelezen");
            };
            let (s, ct, j) = json(f).await;
            assert_eq!(s.as_u16(), status, "{j}");
            assert_eq!(ct, "application/json");
            assert!(j["fout"].as_str().unwrap().contains(tekst), "{j}");
        }
    }
}
