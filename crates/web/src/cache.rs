//! Two caches that keep a page view cheap: built pages and validated login sessions.
//!
//! **Pages** ([`Paginacache`], used through [`bewaard`]): a page or API answer is built once
//! per key and served from memory after that. The key is the generation (see below), the
//! newest release id, the hour (a duiding's time is written relative to today), the route,
//! the query as the handler parsed it, and the **data scope** of the user: role, gemeenten
//! and aanbieder — everything `toegang::mag_zien` and the menu (`toegang::in_menu`) look at. So two users see the same cached bytes only when the data
//! rule gives them the same figures. The user's own parts of a page (the name in the header
//! and the CSRF token of the logout form) are not cached: the page is built as a stand-in
//! user with the same scope whose name and token are unguessable markers, the body is cut at
//! those markers, and every request fills in its own name (HTML-escaped) and token. A body
//! that still contains the marker elsewhere is not cached (and is built again for the user).
//! Releases never change; what a page shows from the database (duidingen, actions) changes
//! only through a request that is not GET/HEAD, and each such request, and each new release
//! ([`crate::Staat::ververs`]), starts a new generation and empties the cache. Only 200
//! responses are kept, at most [`MAX_ITEM`] bytes each and [`BUDGET`] bytes in all (least
//! recently used out first).
//!
//! **Sessions** ([`Sessiecache`]): a validated login session is kept for [`SESSIE_TTL`]
//! (never past its expiry). Any request that is not GET/HEAD (logout, disabling an account,
//! a password change, a new login) empties it when it is done, and an entry read from the
//! database before such a request finished is not stored. Changes by another process (the
//! CLI's `user disable`) are noticed through the size and modification time of the
//! database files, checked on every request, and at the latest after [`SESSIE_TTL`].

use std::collections::HashMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant, SystemTime};

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;

use crate::Staat;
use crate::toegang::{Gebruiker, HUIDIG, Rol};

/// All cached pages together, in bytes.
pub const BUDGET: usize = 96 << 20;
/// The largest answer that is cached (the API answer of one year is ≈10 MB at Twente scale;
/// the whole release as JSON is not kept).
pub const MAX_ITEM: usize = 24 << 20;
/// How long a validated session is trusted without asking the database.
pub const SESSIE_TTL: Duration = Duration::from_secs(2);
/// More sessions than this in memory: start again (a bound, not an expected number).
const MAX_SESSIES: usize = 10_000;

#[derive(Clone, PartialEq, Eq, Hash, Debug)]
struct Sleutel {
    generatie: u64,
    /// The hour (UTC): a duiding's time reads "om 14:03" on its own day and with its date
    /// after that (Amsterdam), so no page outlives a change of day.
    uur: i64,
    nieuwste: String,
    route: String,
    query: String,
    rol: Rol,
    gemeenten: Vec<String>,
    aanbieder: String,
}

enum Deel {
    Tekst(Bytes),
    /// The user's name, HTML-escaped.
    Naam,
    /// The session's CSRF token.
    Csrf,
}

struct Opgeslagen {
    status: StatusCode,
    koppen: HeaderMap,
    delen: Vec<Deel>,
    grootte: usize,
}

struct Item {
    pagina: Arc<Opgeslagen>,
    gebruikt: AtomicU64,
}

/// Built pages (see the module docs).
pub struct Paginacache {
    generatie: AtomicU64,
    klok: AtomicU64,
    items: RwLock<(HashMap<Sleutel, Item>, usize)>,
    /// The stand-in user's name and CSRF token: random per server start.
    naam_merk: String,
    csrf_merk: String,
}

impl Paginacache {
    pub fn nieuw() -> Paginacache {
        let nonce = crate::toegang::willekeurig(12);
        Paginacache {
            generatie: AtomicU64::new(0),
            klok: AtomicU64::new(0),
            items: RwLock::new((HashMap::new(), 0)),
            naam_merk: format!("jsnaam{nonce}x"),
            csrf_merk: format!("jscsrf{nonce}x"),
        }
    }

    /// A new generation: every cached page is dropped.
    pub fn leeg(&self) {
        let mut items = self.items.write().unwrap_or_else(|e| e.into_inner());
        self.generatie.fetch_add(1, Ordering::SeqCst);
        items.0.clear();
        items.1 = 0;
    }

    /// How many pages are cached.
    #[cfg(test)]
    pub fn aantal(&self) -> usize {
        self.items.read().unwrap_or_else(|e| e.into_inner()).0.len()
    }

    fn zoek(&self, k: &Sleutel) -> Option<Arc<Opgeslagen>> {
        let items = self.items.read().unwrap_or_else(|e| e.into_inner());
        let i = items.0.get(k)?;
        i.gebruikt
            .store(self.klok.fetch_add(1, Ordering::Relaxed), Ordering::Relaxed);
        Some(i.pagina.clone())
    }

    fn bewaar(&self, k: Sleutel, p: Arc<Opgeslagen>) {
        let mut items = self.items.write().unwrap_or_else(|e| e.into_inner());
        // Built during an older generation: its duidingen may be stale.
        if k.generatie != self.generatie.load(Ordering::SeqCst) {
            return;
        }
        let (map, totaal) = &mut *items;
        if let Some(oud) = map.remove(&k) {
            *totaal -= oud.pagina.grootte;
        }
        while *totaal + p.grootte > BUDGET && !map.is_empty() {
            let oudste = map
                .iter()
                .min_by_key(|(_, i)| i.gebruikt.load(Ordering::Relaxed))
                .map(|(k, _)| k.clone())
                .expect("niet leeg");
            if let Some(i) = map.remove(&oudste) {
                *totaal -= i.pagina.grootte;
            }
        }
        *totaal += p.grootte;
        map.insert(
            k,
            Item {
                pagina: p,
                gebruikt: AtomicU64::new(self.klok.fetch_add(1, Ordering::Relaxed)),
            },
        );
    }

    /// Cuts a body at the stand-in's markers; `None` when the random part of the markers is
    /// left in another form (escaped, encoded, cut) or the body is not text. One pass.
    fn knip(&self, body: &Bytes) -> Option<Vec<Deel>> {
        let tekst = std::str::from_utf8(body).ok()?;
        let nonce = &self.naam_merk[6..self.naam_merk.len() - 1];
        let mut delen = Vec::new();
        let (mut begin, mut zoek) = (0, 0);
        while let Some(i) = tekst[zoek..].find(nonce).map(|i| zoek + i) {
            let voor = &tekst[..i];
            let na = &tekst[i + nonce.len()..];
            let (deel, start) = if voor.ends_with("jsnaam") && na.starts_with('x') {
                (Deel::Naam, i - 6)
            } else if voor.ends_with("jscsrf") && na.starts_with('x') {
                (Deel::Csrf, i - 6)
            } else {
                return None;
            };
            delen.push(Deel::Tekst(body.slice(begin..start)));
            delen.push(deel);
            begin = i + nonce.len() + 1;
            zoek = begin;
        }
        delen.push(Deel::Tekst(body.slice(begin..)));
        Some(delen)
    }
}

fn html_escape(s: &str) -> String {
    askama::filters::escape(s, askama::filters::Html)
        .map(|x| x.to_string())
        .unwrap_or_default()
}

fn antwoord(p: &Opgeslagen, g: &Gebruiker) -> Response {
    let body = match p.delen.as_slice() {
        [Deel::Tekst(b)] => b.clone(),
        delen => {
            let naam = html_escape(&g.naam);
            let csrf = html_escape(&g.csrf);
            let mut v = Vec::with_capacity(p.grootte + naam.len() + csrf.len());
            for d in delen {
                match d {
                    Deel::Tekst(b) => v.extend_from_slice(b),
                    Deel::Naam => v.extend_from_slice(naam.as_bytes()),
                    Deel::Csrf => v.extend_from_slice(csrf.as_bytes()),
                }
            }
            Bytes::from(v)
        }
    };
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = p.status;
    *r.headers_mut() = p.koppen.clone();
    r
}

/// Serves `maak()` from the page cache when the same page was built for the same data scope
/// (see the module docs). `route` names the page (path), `query` the parsed query as the
/// handler sees it (e.g. `format!("{filters:?}")`). Outside a request (no user) it just builds.
pub(crate) async fn bewaard<F, Fut>(s: &Staat, route: &str, query: String, maak: F) -> Response
where
    F: Fn() -> Fut,
    Fut: Future<Output = Response>,
{
    let Some(g) = crate::toegang::huidige() else {
        return maak().await;
    };
    let c = &s.paginas;
    let sleutel = Sleutel {
        // Read before anything is built: a write that ends after this makes a new generation.
        generatie: c.generatie.load(Ordering::SeqCst),
        uur: chrono::Utc::now().timestamp().div_euclid(3600),
        nieuwste: s.nieuwste_id(),
        route: route.to_string(),
        query,
        rol: g.rol,
        gemeenten: g.gemeenten.clone(),
        aanbieder: g.aanbieder.clone(),
    };
    if let Some(p) = c.zoek(&sleutel) {
        return antwoord(&p, &g);
    }
    let invaller = Gebruiker {
        login: String::new(),
        naam: c.naam_merk.clone(),
        csrf: c.csrf_merk.clone(),
        ..g.clone()
    };
    let r = HUIDIG.scope(invaller, maak()).await;
    if r.status() != StatusCode::OK {
        // Not cached; built again as the user, so no marker reaches the browser.
        return maak().await;
    }
    let (delen, romp) = r.into_parts();
    let Ok(body) = axum::body::to_bytes(romp, usize::MAX).await else {
        return maak().await;
    };
    let Some(stukken) = c.knip(&body) else {
        return maak().await;
    };
    let p = Arc::new(Opgeslagen {
        status: delen.status,
        koppen: delen.headers,
        grootte: body.len(),
        delen: stukken,
    });
    if p.grootte <= MAX_ITEM {
        c.bewaar(sleutel, p.clone());
    }
    antwoord(&p, &g)
}

// ---------------------------------------------------------------- sessions

/// Size and modification time of the database and its WAL file: changes on every commit, by
/// this process or another.
type Stempel = [Option<(u64, SystemTime)>; 2];

fn stempel(paden: &[PathBuf; 2]) -> Stempel {
    paden.each_ref().map(|p| {
        std::fs::metadata(p)
            .ok()
            .map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH)))
    })
}

/// Token hash → (user, trusted until).
type Sessies = HashMap<String, (Gebruiker, Instant)>;

/// Validated login sessions (see the module docs).
pub struct Sessiecache {
    generatie: AtomicU64,
    /// The sessions, and the database files' stamp when they were last looked at.
    items: Mutex<(Sessies, Stempel)>,
    paden: [PathBuf; 2],
}

impl Sessiecache {
    pub fn nieuw(db: &Path) -> Sessiecache {
        let mut wal = db.as_os_str().to_owned();
        wal.push("-wal");
        let paden = [db.to_path_buf(), PathBuf::from(wal)];
        Sessiecache {
            generatie: AtomicU64::new(0),
            items: Mutex::new((HashMap::new(), stempel(&paden))),
            paden,
        }
    }

    /// Forget every session (after a request that may have ended one).
    pub fn leeg(&self) {
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        self.generatie.fetch_add(1, Ordering::SeqCst);
        items.0.clear();
    }

    /// The generation to hand to [`Sessiecache::bewaar`]: read it before asking the database.
    pub fn generatie(&self) -> u64 {
        self.generatie.load(Ordering::SeqCst)
    }

    /// The cached user of a session, when it is still trusted. Empties the cache first when
    /// the database files changed since the last look.
    pub fn zoek(&self, hash: &str) -> Option<Gebruiker> {
        let nu_stempel = stempel(&self.paden);
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        if items.1 != nu_stempel {
            self.generatie.fetch_add(1, Ordering::SeqCst);
            items.0.clear();
            items.1 = nu_stempel;
            return None;
        }
        match items.0.get(hash) {
            Some((g, tot)) if Instant::now() < *tot => Some(g.clone()),
            Some(_) => {
                items.0.remove(hash);
                None
            }
            None => None,
        }
    }

    /// Keeps a session read from the database at generation `generatie`, trusted until
    /// [`SESSIE_TTL`] from now or `verloopt` (RFC 3339), whichever is first.
    pub fn bewaar(&self, hash: &str, g: &Gebruiker, verloopt: &str, generatie: u64) {
        let Ok(einde) = chrono::DateTime::parse_from_rfc3339(verloopt) else {
            return;
        };
        let resterend = (einde.with_timezone(&chrono::Utc) - chrono::Utc::now())
            .to_std()
            .unwrap_or_default();
        let tot = Instant::now() + SESSIE_TTL.min(resterend);
        let mut items = self.items.lock().unwrap_or_else(|e| e.into_inner());
        if self.generatie.load(Ordering::SeqCst) != generatie {
            return;
        }
        if items.0.len() >= MAX_SESSIES {
            items.0.clear();
        }
        items.0.insert(hash.to_string(), (g.clone(), tot));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(naam: &str) -> Gebruiker {
        Gebruiker {
            login: "a".into(),
            naam: naam.into(),
            rol: Rol::Gemeente,
            gemeenten: vec!["GM0153".into()],
            aanbieder: String::new(),
            andere_gemeenten: false,
            csrf: "c0ffee".into(),
        }
    }

    #[test]
    fn markers_are_cut_and_filled_per_user() {
        let c = Paginacache::nieuw();
        let body = Bytes::from(format!(
            "<p>{} (gemeente)</p><input value=\"{}\"><b>x</b>",
            c.naam_merk, c.csrf_merk
        ));
        let delen = c.knip(&body).expect("knipbaar");
        assert_eq!(delen.len(), 5);
        let p = Opgeslagen {
            status: StatusCode::OK,
            koppen: HeaderMap::new(),
            grootte: body.len(),
            delen,
        };
        let r = antwoord(&p, &g("Jan <b>&</b>"));
        let b = futures_body(r);
        assert_eq!(
            b,
            "<p>Jan &#60;b&#62;&#38;&#60;/b&#62; (gemeente)</p><input value=\"c0ffee\"><b>x</b>"
        );
        // A marker in another form (percent-encoded, cut off) is not cached.
        let nonce = &c.naam_merk[6..c.naam_merk.len() - 1];
        assert!(c.knip(&Bytes::from(format!("a%20{nonce}"))).is_none());
    }

    fn futures_body(r: Response) -> String {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let b = rt
            .block_on(axum::body::to_bytes(r.into_body(), usize::MAX))
            .unwrap();
        String::from_utf8(b.to_vec()).unwrap()
    }

    #[test]
    fn eviction_keeps_the_budget_and_generations_drop_everything() {
        let c = Paginacache::nieuw();
        let sleutel = |i: usize| Sleutel {
            generatie: 0,
            uur: 0,
            nieuwste: "r1".into(),
            route: format!("/{i}"),
            query: String::new(),
            rol: Rol::Beheerder,
            gemeenten: vec![],
            aanbieder: String::new(),
        };
        let groot = BUDGET / 3 + 1;
        let pagina = || {
            Arc::new(Opgeslagen {
                status: StatusCode::OK,
                koppen: HeaderMap::new(),
                delen: vec![],
                grootte: groot,
            })
        };
        c.bewaar(sleutel(1), pagina());
        c.bewaar(sleutel(2), pagina());
        assert!(c.zoek(&sleutel(1)).is_some()); // 1 is now used more recently than 2
        c.bewaar(sleutel(3), pagina());
        assert_eq!(c.aantal(), 2);
        assert!(c.zoek(&sleutel(2)).is_none(), "least recently used went");
        assert!(c.zoek(&sleutel(1)).is_some());
        c.leeg();
        assert_eq!(c.aantal(), 0);
        // Built before the new generation: not kept.
        c.bewaar(sleutel(4), pagina());
        assert_eq!(c.aantal(), 0);
    }

    #[test]
    fn sessions_expire_and_writes_in_between_are_not_stored() {
        let dir = std::env::temp_dir().join(format!("jt-sessie-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let db = dir.join("jeugdstuur.sqlite");
        std::fs::write(&db, b"1").unwrap();
        let c = Sessiecache::nieuw(&db);
        let morgen = (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339();
        let gen0 = c.generatie();
        c.bewaar("h", &g("A"), &morgen, gen0);
        assert!(c.zoek("h").is_some());
        // Read before a logout finished: not kept.
        let gen1 = c.generatie();
        c.leeg();
        c.bewaar("h", &g("A"), &morgen, gen1);
        assert!(c.zoek("h").is_none());
        // Expired sessions are never trusted.
        let gisteren = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
        c.bewaar("x", &g("A"), &gisteren, c.generatie());
        assert!(c.zoek("x").is_none());
        // Another process writes the database: everything is forgotten.
        c.bewaar("h", &g("A"), &morgen, c.generatie());
        assert!(c.zoek("h").is_some());
        std::fs::write(&db, b"22").unwrap();
        assert!(c.zoek("h").is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
