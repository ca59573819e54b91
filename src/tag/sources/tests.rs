//! Expectations on fixture sentences written for the project in the shapes of the seed pages.

use super::*;
use crate::page::Page;
use crate::Options;

fn run(text: &str) -> (String, Vec<Attribution>) {
    let page = Page::from_plain_text(text);
    let seg = crate::segment::segment(&page, &Options::default());
    let out = tag(&page.text, &seg, &[]);
    (page.text, out)
}

fn show(text: &str, a: &Attribution) -> String {
    let s = |sp: Option<Span>| {
        sp.and_then(|s| text.get(s.start..s.end))
            .unwrap_or("-")
            .to_string()
    };
    format!(
        "{} | {} | {} | {}",
        a.text.as_deref().unwrap_or("-"),
        s(a.cue),
        s(a.content),
        s(a.told)
    )
}

#[test]
fn smoke() {
    let (t, a) = run("“We are worried about this,” the senators wrote. Pompeo said on Tuesday that the app is a risk.\n");
    for x in &a {
        eprintln!("{}", show(&t, x));
    }
    assert_eq!(a.len(), 2);
}
