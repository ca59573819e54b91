//! The seed expectations of the segmenter issue, on fixtures the project
//! wrote in the seeds' shapes (tests/fixtures): a Caixin-like article under a
//! headline list, a 20-story listing with dated bylines, and blog pages with
//! "Popular posts", "Post a Comment" and "Leave a Reply" furniture.

use super::*;
use crate::annotate::Options;

fn seg(text: &str) -> (Page, Segmentation) {
    let page = Page::from_plain_text(text);
    let s = segment(&page, &Options::default());
    (page, s)
}

fn block_is_boiler(page: &Page, s: &Segmentation, starts_with: &str) -> bool {
    let i = page
        .blocks
        .iter()
        .position(|b| page.block_text(b).trim().starts_with(starts_with))
        .expect("line present");
    s.boilerplate[i]
}

#[test]
fn article_under_headline_list() {
    let (page, s) = seg(include_str!("../../tests/fixtures/article_headlines.txt"));
    assert_eq!(s.stories.len(), 1);
    let st = &s.stories[0];
    assert_eq!(
        st.title.as_deref(),
        Some("U.S. Senators Fear Video App Could Be Used to Meddle in Elections")
    );
    assert_eq!(st.byline.as_deref(), Some("Ding Yi"));
    assert_eq!(st.published.as_deref(), Some("2020-07-29T18:48"));
    let first = &page.text[st.paragraphs[0].clone()];
    let last = &page.text[st.paragraphs.last().unwrap().clone()];
    assert!(first.starts_with("For years, the video app"));
    assert!(last.ends_with("could mishandle sensitive information."));
    for furniture in [
        "Chipmaker Profits",
        "Software Giant Says",
        "Contact reporter",
        "Related:",
        "Share this article",
        "Open WeChat",
        "Wire Tech is",
    ] {
        assert!(block_is_boiler(&page, &s, furniture), "{furniture}");
    }
    // Sentences: title, byline, then body, in order, all in story 0.
    assert_eq!(s.sentences[0].part, Part::Title);
    assert_eq!(s.sentences[1].part, Part::Byline);
    assert!(s.sentences[2..]
        .iter()
        .all(|x| x.part == Part::Body && x.story == 0));
    assert!(s.sentences.windows(2).all(|w| w[0].end <= w[1].start));
    let texts: Vec<&str> = s
        .sentences
        .iter()
        .map(|x| &page.text[x.start..x.end])
        .collect();
    assert!(
        texts.contains(&"Dr. Jane Roe of St. Louis said the U.S. response was slow."),
        "{texts:?}"
    );
}

#[test]
fn listing_with_dated_bylines() {
    let (page, s) = seg(include_str!("../../tests/fixtures/listing_bylines.txt"));
    assert_eq!(s.stories.len(), 20);
    assert_eq!(s.stories[0].byline.as_deref(), Some("Ding Yi"));
    assert_eq!(s.stories[0].published.as_deref(), Some("2020-08-05T18:04"));
    assert_eq!(
        s.stories[7].byline.as_deref(),
        Some("Flynn Murphy and Anniek Bao")
    );
    assert_eq!(s.stories[7].published.as_deref(), Some("2020-07-22T16:41"));
    assert_eq!(s.stories[4].published.as_deref(), Some("2020-07-29T18:48"));
    assert_eq!(s.stories[19].published.as_deref(), Some("2020-07-06T19:37"));
    // Each story has its own span, in order, without overlap.
    assert!(s.stories.windows(2).all(|w| w[0].end <= w[1].start));
    // The fifth story is the article's body.
    let fifth = &s.stories[4];
    assert!(page.text[fifth.paragraphs[0].clone()].starts_with("For years, the video app"));
    // A photo credit is not a paragraph; every sentence knows its story.
    assert!(s.stories[18]
        .paragraphs
        .iter()
        .all(|p| !page.text[p.clone()].starts_with("Photo:")));
    assert!(s
        .sentences
        .iter()
        .all(|x| x.start >= s.stories[x.story].start && x.end <= s.stories[x.story].end));
    assert!(block_is_boiler(&page, &s, "Software Giant Says"));
}

#[test]
fn blog_with_popular_posts() {
    let (page, s) = seg(include_str!("../../tests/fixtures/blog_popular.txt"));
    assert_eq!(s.stories.len(), 1);
    assert_eq!(
        s.stories[0].title.as_deref(),
        Some("How a Video App Changed the Relationship Between Two Countries")
    );
    for furniture in [
        "Skip to main content",
        "(photo credit",
        "Follow us on twitter",
        "Popular posts from this blog",
        "Singer Says",
        "Marine Charged",
    ] {
        assert!(block_is_boiler(&page, &s, furniture), "{furniture}");
    }
    assert!(!block_is_boiler(&page, &s, "And how could China react"));
}

#[test]
fn blog_with_reply_form_and_article_navigation() {
    let (page, s) = seg(include_str!("../../tests/fixtures/blog_reply.txt"));
    assert_eq!(s.stories.len(), 1);
    assert_eq!(
        s.stories[0].title.as_deref(),
        Some("Video App from China: a ban would not end the mistrust")
    );
    for furniture in [
        "Meet Newsbrief",
        "Image source:",
        "Leave a Reply",
        "Previous Article",
        "Next Article",
        "Related Posts",
        "Read More",
        "To avoid a second shutdown",
    ] {
        assert!(block_is_boiler(&page, &s, furniture), "{furniture}");
    }
    assert_eq!(s.stories[0].paragraphs.len(), 3);
}

#[test]
fn blog_with_comment_form() {
    let (page, s) = seg(include_str!("../../tests/fixtures/blog_comment.txt"));
    assert_eq!(s.stories.len(), 1);
    assert!(block_is_boiler(&page, &s, "Post a Comment"));
    // A subheading inside the body stays, as its own sentence.
    assert!(!block_is_boiler(&page, &s, "Interested In Setting Up"));
    assert!(s
        .sentences
        .iter()
        .any(|x| &page.text[x.start..x.end] == "Interested In Setting Up An Account"));
}

#[test]
fn options_published_is_the_fallback() {
    let page = Page::from_plain_text("A Plain Headline Here\n\nThe council met on Tuesday and approved the budget, officials said.\n");
    let s = segment(
        &page,
        &Options {
            published: Some("2021-03-04".into()),
            url: Some("https://www.example.com/a".into()),
        },
    );
    assert_eq!(s.stories[0].published.as_deref(), Some("2021-03-04"));
    assert_eq!(s.stories[0].site.as_deref(), Some("example.com"));
}
