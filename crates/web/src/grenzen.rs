//! Limits on what one client can ask of the server, so that a slow, hostile or broken client
//! cannot hold it up for others (issue 11):
//!
//! - a request body of at most [`MAX_LICHAAM`] bytes: a larger one is answered `413 Payload
//!   Too Large` before it is read (`Content-Length`) or as soon as it passes the limit
//!   (chunked);
//! - a request is answered within [`verzoektijd`] (60 s; a delivery upload, which builds a new
//!   release with its full suppression step, [`LEVERINGSTIJD`]) or gets `408 Request Timeout`;
//! - per connection ([`bewaak`]): the request line and headers must arrive within
//!   [`koptijd`] of their first byte (a "slowloris" sending one byte at a time is cut off),
//!   an idle keep-alive connection is closed after three times that, and a client that stops
//!   reading its answer is dropped when a write has waited as long. hyper has such a header
//!   timeout itself, but `axum::serve` runs it without a timer, which switches it off.
//!
//! Every connection is its own task, so a connection that waits never blocks another.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::{Instant, Sleep};

/// The largest request body accepted: a form or JSON with a long duiding fits many times over.
pub const MAX_LICHAAM: usize = 1024 * 1024;
/// The longest a request may take to be answered (the PDF minutes included).
pub const VERZOEKTIJD: Duration = Duration::from_secs(60);
/// Default for [`koptijd`].
pub const KOPTIJD: Duration = Duration::from_secs(10);

/// The time a client has to send its request line and headers, from their first byte.
/// `JEUGDSTUUR_KOPTIJD_MS` overrides it (the tests use a short one).
pub fn koptijd() -> Duration {
    std::env::var("JEUGDSTUUR_KOPTIJD_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|ms| *ms > 0)
        .map(Duration::from_millis)
        .unwrap_or(KOPTIJD)
}

/// The largest upload of deliveries through the web (`/beheer/levering`, beheerder only): a
/// month of deliveries of a large gemeente fits.
pub const MAX_LEVERING: usize = 64 * 1024 * 1024;

/// The body limit of a path: [`MAX_LEVERING`] for the upload of deliveries, else
/// [`MAX_LICHAAM`].
/// The time a delivery upload may take: it reads the files and builds a new release, whose
/// suppression step alone takes ± 30 s on the fixture in a debug build (docs §8).
pub const LEVERINGSTIJD: Duration = Duration::from_secs(600);

/// The time a request to `pad` may take.
pub fn verzoektijd(pad: &str) -> Duration {
    if pad == "/beheer/levering" {
        LEVERINGSTIJD
    } else {
        VERZOEKTIJD
    }
}

pub fn lichaamsgrens(pad: &str) -> usize {
    if pad == "/beheer/levering" {
        MAX_LEVERING
    } else {
        MAX_LICHAAM
    }
}

/// Applies [`lichaamsgrens`]: 413 at once for a larger `Content-Length`, and the body cut off
/// (413 from the extractor) as soon as it passes the limit.
async fn grens_per_pad(
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let max = lichaamsgrens(req.uri().path());
    let lengte = req
        .headers()
        .get(axum::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if lengte.is_some_and(|l| l > max) {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("Het verzoek is te groot (meer dan {max} bytes)."),
        )
            .into_response();
    }
    let tijd = verzoektijd(req.uri().path());
    let (delen, lichaam) = req.into_parts();
    let lichaam = axum::body::Body::new(http_body_util::Limited::new(lichaam, max));
    binnen(
        tijd,
        next.run(axum::extract::Request::from_parts(delen, lichaam)),
    )
    .await
}

/// The answer of `antwoord`, or `408 Request Timeout` when it takes longer than `tijd`.
async fn binnen(
    tijd: Duration,
    antwoord: impl Future<Output = axum::response::Response>,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    tokio::time::timeout(tijd, antwoord)
        .await
        .unwrap_or_else(|_| StatusCode::REQUEST_TIMEOUT.into_response())
}

/// The request limits as layers around the finished router.
pub fn begrens(router: Router) -> Router {
    router
        .layer(DefaultBodyLimit::max(MAX_LEVERING))
        .layer(axum::middleware::from_fn(grens_per_pad))
}

/// A TCP listener whose connections enforce the header, idle and write deadlines.
pub fn bewaak(tcp: TcpListener) -> Bewaakt {
    Bewaakt {
        tcp,
        koptijd: koptijd(),
    }
}

pub struct Bewaakt {
    tcp: TcpListener,
    koptijd: Duration,
}

impl Listener for Bewaakt {
    type Io = Bewaakte<TcpStream>;
    type Addr = std::net::SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        let (io, addr) = Listener::accept(&mut self.tcp).await;
        (Bewaakte::new(io, self.koptijd), addr)
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.tcp.local_addr()
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fase {
    /// Between requests (and before the first): idle deadline.
    Wacht,
    /// Reading a request line and headers: header deadline from their first byte.
    Kop,
    /// Headers complete, the handler works: no read deadline (the handler has its own).
    Verwerking,
}

/// A connection with deadlines: see the module documentation.
pub struct Bewaakte<T> {
    io: T,
    fase: Fase,
    /// 1 right after a line feed (CRs are skipped): a second one ends the headers.
    einde_kop: u8,
    koptijd: Duration,
    lees_grens: Pin<Box<Sleep>>,
    schrijf_grens: Option<Pin<Box<Sleep>>>,
}

impl<T> Bewaakte<T> {
    fn new(io: T, koptijd: Duration) -> Self {
        Bewaakte {
            io,
            fase: Fase::Wacht,
            einde_kop: 0,
            koptijd,
            lees_grens: Box::pin(tokio::time::sleep(koptijd * 3)),
            schrijf_grens: None,
        }
    }

    fn stiltetijd(&self) -> Duration {
        self.koptijd * 3
    }

    /// Follows the bytes read: the first byte of a request starts the header clock, the blank
    /// line after the headers stops it.
    fn gelezen(&mut self, bytes: &[u8]) {
        for &b in bytes {
            if self.fase == Fase::Wacht {
                self.fase = Fase::Kop;
                self.einde_kop = 0;
                self.lees_grens
                    .as_mut()
                    .reset(Instant::now() + self.koptijd);
            }
            if self.fase != Fase::Kop {
                return;
            }
            // The headers end at an empty line: LF, optionally CR, LF.
            match b {
                b'\n' if self.einde_kop == 1 => {
                    self.fase = Fase::Verwerking;
                    return;
                }
                b'\n' => self.einde_kop = 1,
                b'\r' => {}
                _ => self.einde_kop = 0,
            }
        }
    }
}

fn verlopen(wat: &str) -> io::Error {
    io::Error::new(
        io::ErrorKind::TimedOut,
        format!("{wat}: verbinding gesloten"),
    )
}

impl<T: AsyncRead + Unpin> AsyncRead for Bewaakte<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let dit = self.get_mut();
        let voor = buf.filled().len();
        match Pin::new(&mut dit.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let nieuw = buf.filled()[voor..].to_vec();
                dit.gelezen(&nieuw);
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Err(e)) => Poll::Ready(Err(e)),
            Poll::Pending => {
                if dit.fase != Fase::Verwerking && dit.lees_grens.as_mut().poll(cx).is_ready() {
                    let wat = if dit.fase == Fase::Kop {
                        "kopregels niet op tijd"
                    } else {
                        "verbinding te lang stil"
                    };
                    return Poll::Ready(Err(verlopen(wat)));
                }
                Poll::Pending
            }
        }
    }
}

impl<T> Bewaakte<T> {
    /// After a write attempt: when bytes went out the request is done and the connection
    /// waits for the next one (idle deadline); when the client does not read, the write
    /// deadline runs and ends the connection.
    fn na_schrijven(
        &mut self,
        cx: &mut Context<'_>,
        uitkomst: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        match uitkomst {
            Poll::Ready(r) => {
                self.schrijf_grens = None;
                self.fase = Fase::Wacht;
                let stil = self.stiltetijd();
                self.lees_grens.as_mut().reset(Instant::now() + stil);
                Poll::Ready(r)
            }
            Poll::Pending => {
                let stil = self.stiltetijd();
                let grens = self
                    .schrijf_grens
                    .get_or_insert_with(|| Box::pin(tokio::time::sleep(stil)));
                if grens.as_mut().poll(cx).is_ready() {
                    return Poll::Ready(Err(verlopen("antwoord wordt niet gelezen")));
                }
                Poll::Pending
            }
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Bewaakte<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let dit = self.get_mut();
        let uitkomst = Pin::new(&mut dit.io).poll_write(cx, data);
        dit.na_schrijven(cx, uitkomst)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let dit = self.get_mut();
        let uitkomst = Pin::new(&mut dit.io).poll_write_vectored(cx, bufs);
        dit.na_schrijven(cx, uitkomst)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_slow_request_gets_408_but_a_delivery_upload_may_take_longer() {
        use axum::response::IntoResponse;
        assert_eq!(verzoektijd("/beheer/levering"), LEVERINGSTIJD);
        assert_eq!(verzoektijd("/api/indicatoren"), VERZOEKTIJD);
        assert!(LEVERINGSTIJD > VERZOEKTIJD);
        let traag = async {
            tokio::time::sleep(Duration::from_millis(500)).await;
            "klaar".into_response()
        };
        let r = binnen(Duration::from_millis(20), traag).await;
        assert_eq!(r.status(), StatusCode::REQUEST_TIMEOUT);
        let snel = async { "klaar".into_response() };
        assert_eq!(
            binnen(Duration::from_millis(20), snel).await.status(),
            StatusCode::OK
        );
    }

    #[tokio::test]
    async fn the_blank_line_after_the_headers_stops_the_header_clock() {
        let mut c = Bewaakte::new((), Duration::from_secs(1));
        c.gelezen(b"GET / HTTP/1.1\r\nHost: x\r\n");
        assert_eq!(c.fase, Fase::Kop);
        c.gelezen(b"\r");
        assert_eq!(c.fase, Fase::Kop);
        c.gelezen(b"\nlichaam\r\n\r\n");
        assert_eq!(c.fase, Fase::Verwerking);
        let mut c = Bewaakte::new((), Duration::from_secs(1));
        c.gelezen(b"GET / HTTP/1.1\nHost: x\n");
        assert_eq!(c.fase, Fase::Kop);
        c.gelezen(b"\n");
        assert_eq!(c.fase, Fase::Verwerking);
    }
}
