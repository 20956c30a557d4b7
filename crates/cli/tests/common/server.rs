//! A small HTTP/1.1 server on 127.0.0.1 for command tests. Each connection serves one request
//! and closes. The body is written in pieces with a pause between them, so a test can stop
//! the client while the page is still arriving; the server records when each response
//! started and finished.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the server sends: a body and how to split it.
#[derive(Clone)]
pub struct Page {
    pub body: Vec<u8>,
    /// Number of writes the body is split into; 1 sends it at once.
    pub pieces: usize,
    /// Pause after each piece but the last.
    pub pause: Duration,
}

impl Page {
    /// Returns a page sent at once.
    pub fn whole(body: Vec<u8>) -> Self {
        Self { body, pieces: 1, pause: Duration::ZERO }
    }
}

/// One response: when the request arrived and when its last byte was written.
#[derive(Debug, Clone, Copy)]
pub struct Served {
    pub started: Instant,
    pub finished: Option<Instant>,
}

/// A running server whose page the test replaces; it stops with the test process.
pub struct PageServer {
    pub base: String,
    page: Arc<Mutex<Page>>,
    served: Arc<Mutex<Vec<Served>>>,
}

impl PageServer {
    /// Starts a server that serves `page` as UTF-8 HTML on every path.
    pub fn start(page: Page) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
        let base = format!("http://{}", listener.local_addr().expect("bound address"));
        let page = Arc::new(Mutex::new(page));
        let served = Arc::new(Mutex::new(Vec::new()));

        let (current, log) = (page.clone(), served.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let page = current.lock().expect("page lock").clone();
                let log = log.clone();
                std::thread::spawn(move || serve(stream, &page, &log));
            }
        });
        Self { base, page, served }
    }

    /// Returns the URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Serves `page` from the next request on.
    pub fn set(&self, page: Page) {
        *self.page.lock().expect("page lock") = page;
    }

    /// Returns the responses so far, in arrival order.
    pub fn served(&self) -> Vec<Served> {
        self.served.lock().expect("log lock").clone()
    }
}

fn serve(stream: TcpStream, page: &Page, log: &Mutex<Vec<Served>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("stream clones"));
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line.trim().is_empty() {
            break;
        }
    }
    let index = {
        let mut log = log.lock().expect("log lock");
        log.push(Served { started: Instant::now(), finished: None });
        log.len() - 1
    };

    let mut out = stream;
    let head = format!(
        "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\n\r\n",
        page.body.len()
    );
    if out.write_all(head.as_bytes()).is_err() {
        return;
    }
    let size = page.body.len().div_ceil(page.pieces.max(1)).max(1);
    let mut pieces = page.body.chunks(size).peekable();
    while let Some(piece) = pieces.next() {
        // The client hangs up when it is killed; that ends this response, not the server.
        if out.write_all(piece).and_then(|()| out.flush()).is_err() {
            return;
        }
        if pieces.peek().is_some() {
            std::thread::sleep(page.pause);
        }
    }
    log.lock().expect("log lock")[index].finished = Some(Instant::now());
}
