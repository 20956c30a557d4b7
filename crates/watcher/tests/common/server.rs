//! A small HTTP/1.1 server on 127.0.0.1 and a random port, for fetch tests. Each connection
//! serves one request and then closes. A closure over the request builds each response.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A request as the server saw it.
#[derive(Debug, Clone)]
pub struct Request {
    pub path: String,
    /// Header names in lower case.
    pub headers: HashMap<String, String>,
    pub received_at: Instant,
}

/// A response to write: status, headers and body, sent after `delay`.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// When false, no Content-Length is sent and the body ends when the connection closes.
    pub with_length: bool,
    pub delay: Duration,
}

impl Response {
    /// Returns a response with `status` and `body`.
    pub fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
            with_length: true,
            delay: Duration::ZERO,
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }
}

/// A running server; it stops with the test process.
pub struct TestServer {
    pub base: String,
    requests: Arc<Mutex<Vec<Request>>>,
}

impl TestServer {
    /// Starts a server that builds the response to each request with `route`.
    pub fn start(route: impl Fn(&Request) -> Response + Send + Sync + 'static) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port is free");
        let base = format!("http://{}", listener.local_addr().expect("bound address"));
        let requests = Arc::new(Mutex::new(Vec::new()));
        let route = Arc::new(route);

        let seen = requests.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let route = route.clone();
                let seen = seen.clone();
                std::thread::spawn(move || serve(stream, &*route, &seen));
            }
        });

        Self { base, requests }
    }

    /// Returns the URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Returns the requests received for `path`, in arrival order.
    pub fn requests_to(&self, path: &str) -> Vec<Request> {
        let requests = self.requests.lock().expect("request log lock");
        requests.iter().filter(|request| request.path == path).cloned().collect()
    }
}

fn serve(stream: TcpStream, route: &dyn Fn(&Request) -> Response, seen: &Mutex<Vec<Request>>) {
    let mut reader = BufReader::new(stream.try_clone().expect("stream clones"));
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("/").to_owned();

    let mut headers = HashMap::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).is_err() || header.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.insert(name.trim().to_lowercase(), value.trim().to_owned());
        }
    }

    let request = Request { path, headers, received_at: Instant::now() };
    seen.lock().expect("request log lock").push(request.clone());
    let response = route(&request);
    std::thread::sleep(response.delay);

    let mut out = stream;
    let mut head = format!("HTTP/1.1 {} Test\r\nConnection: close\r\n", response.status);
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if response.with_length {
        head.push_str(&format!("Content-Length: {}\r\n", response.body.len()));
    }
    head.push_str("\r\n");

    // The client may hang up early (a body over its limit); that is not a server failure.
    let _ = out.write_all(head.as_bytes());
    let _ = out.write_all(&response.body);
    let _ = out.flush();
}
