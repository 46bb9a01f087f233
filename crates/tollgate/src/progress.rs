//! A one-line progress display on standard error, for scans a person is watching.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tollgate_core::walk::{human_size, Progress};

pub struct ProgressLine {
    stop: Arc<AtomicBool>,
    handle: Option<std::thread::JoinHandle<()>>,
}

impl ProgressLine {
    /// Start drawing `counters` every 120 ms after a short delay (quick scans never show it).
    pub fn start(counters: Arc<Progress>) -> ProgressLine {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let handle = std::thread::spawn(move || {
            const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
            let started = Instant::now();
            let mut frame = 0;
            let mut drawn = false;
            while !flag.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(120));
                if started.elapsed() < Duration::from_millis(400) {
                    continue;
                }
                let files = counters.files.load(Ordering::Relaxed);
                let bytes = counters.bytes.load(Ordering::Relaxed);
                let secs = started.elapsed().as_secs_f64().max(0.001);
                let rate = human_size((bytes as f64 / secs) as u64);
                eprint!(
                    "\r{} scanning: {files} files · {} · {rate}/s \x1b[K",
                    FRAMES[frame % FRAMES.len()],
                    human_size(bytes)
                );
                let _ = std::io::stderr().flush();
                frame += 1;
                drawn = true;
            }
            if drawn {
                eprint!("\r\x1b[K");
                let _ = std::io::stderr().flush();
            }
        });
        ProgressLine {
            stop,
            handle: Some(handle),
        }
    }

    pub fn finish(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}
