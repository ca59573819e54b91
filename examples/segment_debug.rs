//! Prints each block of a saved page with the segmenter's verdict: a
//! development aid for tuning the boilerplate scorer on failures.
//! `cargo run --release --example segment_debug -- PAGE.html`

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: segment_debug PAGE.html|PAGE.txt");
        return;
    };
    let Ok(raw) = std::fs::read(&path) else {
        eprintln!("cannot read {path}");
        return;
    };
    let text = String::from_utf8_lossy(&raw);
    let page = if path.ends_with(".txt") {
        storyline::page::Page::from_plain_text(&text)
    } else {
        storyline::html::page_from_html(&text, None)
    };
    let seg = storyline::segment::segment(&page, &storyline::Options::default());
    for (i, b) in page.blocks.iter().enumerate() {
        let t: String = page
            .block_text(b)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let t: String = t.chars().take(90).collect();
        let cw: String = b
            .hints
            .class_words
            .chars()
            .take(
                std::env::var("CW")
                    .ok()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(40),
            )
            .collect();
        let mark = if seg.boilerplate.get(i).copied().unwrap_or(true) {
            ' '
        } else {
            '#'
        };
        println!(
            "{mark}{i:4} {:>5} h{} L{:<5} l{:<5} [{cw}] {t}",
            b.hints.tag,
            b.hints.heading,
            t.len(),
            b.hints.link_bytes
        );
    }
    if std::env::var("DATES").is_ok() {
        println!(
            "{:?}",
            storyline::segment::html_stories::date_candidates(&page)
        );
        return;
    }
    if let Some(bi) = std::env::var("CHAIN")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
    {
        if let Some(b) = page.blocks.get(bi) {
            let mut e = b.hints.container as i64;
            while e >= 0 && (e as usize) < page.elements.len() {
                let el = &page.elements[e as usize];
                let neg: Vec<&str> = el
                    .words
                    .split(' ')
                    .filter(|w| storyline::segment::words::negative_word(w))
                    .collect();
                println!(
                    "  el {e} <{}> r{:x} [{}] NEG{:?}",
                    el.tag, el.regions, el.words, neg
                );
                e = el.parent as i64;
            }
        }
    }
    let hc = storyline::segment::content::classify(&page);
    if let Some(c) = hc.container {
        let e = &page.elements[c];
        println!("CONTAINER {c} <{}> [{}]", e.tag, e.words);
    }
    for s in &seg.stories {
        println!(
            "STORY {:?} by {:?} at {:?} paras {}",
            s.title,
            s.byline,
            s.published,
            s.paragraphs.len()
        );
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {}
