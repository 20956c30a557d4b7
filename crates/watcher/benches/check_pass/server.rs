//! The server process: one listener on 127.0.0.1 per page of every source, so that each page
//! is its own origin and the fetch client's per-origin delay never makes a page wait. It
//! always responds 200 with the whole page and never 304, whatever validators the request
//! carries, so every check fetches and compares every byte.
//!
//! It prints the listeners' ports as one JSON line, then reads commands on stdin: `old` or
//! `new` selects which snapshot every page serves, and is acknowledged with `ok`.

use std::io::BufRead;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use crate::corpus::{Document, data_dir, documents};

/// The two bodies of one page.
struct Page {
    old: Arc<[u8]>,
    new: Arc<[u8]>,
}

/// Runs the server for `sources` sources until stdin closes.
pub fn run(sources: usize) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("server runtime starts");
    let documents = documents(&data_dir());
    let serve_new = Arc::new(AtomicBool::new(false));

    let ports = runtime.block_on(async {
        let mut ports: Vec<Vec<u16>> = Vec::with_capacity(sources);
        for index in 0..sources {
            let document: &Document = &documents[index % documents.len()];
            let mut source_ports = Vec::new();
            for (old, new) in document.old.iter().zip(&document.new) {
                let page = Arc::new(Page { old: old.clone().into(), new: new.clone().into() });
                let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port is free");
                source_ports.push(listener.local_addr().expect("bound").port());
                tokio::spawn(accept(listener, page, serve_new.clone()));
            }
            ports.push(source_ports);
        }
        ports
    });
    println!("{}", serde_json::to_string(&ports).expect("ports serialize"));

    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        match line.trim() {
            "old" => serve_new.store(false, Ordering::SeqCst),
            "new" => serve_new.store(true, Ordering::SeqCst),
            other => panic!("unknown server command {other:?}; expected old or new"),
        }
        println!("ok");
    }
    runtime.shutdown_background();
}

async fn accept(listener: TcpListener, page: Arc<Page>, serve_new: Arc<AtomicBool>) {
    while let Ok((stream, _)) = listener.accept().await {
        // Without this, the body written after the head waits for the client's delayed ACK.
        let _ = stream.set_nodelay(true);
        tokio::spawn(serve(stream, page.clone(), serve_new.clone()));
    }
}

/// Responds to every request of a keep-alive connection with the selected body.
async fn serve(mut stream: TcpStream, page: Arc<Page>, serve_new: Arc<AtomicBool>) {
    let mut buffer = Vec::with_capacity(2048);
    let mut chunk = [0u8; 2048];
    loop {
        while !buffer.windows(4).any(|window| window == b"\r\n\r\n") {
            match stream.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(read) => buffer.extend_from_slice(&chunk[..read]),
            }
        }
        let end = buffer.windows(4).position(|window| window == b"\r\n\r\n").unwrap_or(0) + 4;
        buffer.drain(..end);

        let new = serve_new.load(Ordering::SeqCst);
        let body = if new { &page.new } else { &page.old };
        let etag = if new { "\"new\"" } else { "\"old\"" };
        let head = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nETag: {etag}\r\n\
             Content-Length: {}\r\n\r\n",
            body.len()
        );
        if stream.write_all(head.as_bytes()).await.is_err() || stream.write_all(body).await.is_err()
        {
            return;
        }
    }
}
