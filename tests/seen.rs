//! Seen elsewhere, end to end on fixtures written for this test in the shapes
//! of the seeds: an article, a listing page that carries it verbatim among
//! other stories, and two different articles on one topic.

use storyline::fingerprint::{page_prints, StoryPrint};
use storyline::store::matching::Relation;
use storyline::store::{ReadAt, Store};
use storyline::{annotate::annotate_segmented, page::Page, segment, Options};

const ARTICLE: [&str; 6] = [
    "Harbour authorities in Velmora closed the northern shipping lane on Tuesday after a cargo vessel lost power and drifted onto a sandbank near the port entrance.",
    "The vessel, carrying grain from the eastern provinces, was refloated late in the evening with the help of three tugboats, the port's operations director Anna Keller said.",
    "\"We were lucky that the tide was rising,\" Keller told reporters at the harbour office. \"Another hour and we would have needed to unload part of the cargo by hand.\"",
    "Shipping companies said the closure delayed at least a dozen vessels waiting to enter the port, and some captains were told to anchor offshore overnight.",
    "The incident comes weeks after the regional government approved a plan to deepen the channel, a project critics say has been postponed too many times.",
    "An inquiry into the cause of the power failure will report within a month, the ministry of transport said in a statement on Wednesday morning.",
];

const OTHERS: [[&str; 2]; 3] = [
    [
        "The city council of Brenholt approved a new budget for public libraries on Monday, adding funds for longer opening hours in the winter months.",
        "Library staff welcomed the decision but warned that several branches still need repairs to their roofs and heating systems before the cold season.",
    ],
    [
        "A local football club from the hill town of Ostrava Minor won its first regional championship in forty years after a dramatic penalty shootout on Saturday.",
        "Supporters filled the main square until late at night, and the mayor promised a reception for the players at the town hall next week.",
    ],
    [
        "Farmers in the lowland districts reported an early start to the apple harvest, citing an unusually warm spring and a dry, sunny summer across the region.",
        "Prices at the wholesale market fell slightly as the first crates arrived, traders said, though they expect demand from juice makers to stay strong.",
    ],
];

const TOPIC_A: &str = "Velmora port plans to deepen its channel\n\nThe regional government of Velmora has approved a long-delayed plan to deepen the shipping channel leading to its port, officials said on Friday.\n\nThe project, expected to cost several hundred million, would allow larger grain carriers to dock without waiting for high tide, according to the ministry of transport.\n\nCritics in the regional parliament argued that the money would be better spent on rail links to the interior.\n";
const TOPIC_B: &str = "Grain exporters welcome Velmora channel decision\n\nGrain exporters in the eastern provinces said a deeper channel at Velmora would cut their shipping costs and make the port competitive with its southern rivals.\n\nThe exporters' association said its members had lost business to other ports because large vessels could not enter Velmora fully loaded.\n\nEnvironmental groups have asked for a study of the dredging's effect on the sandbanks and fisheries near the harbour.\n";

fn html_article(site: &str, headline: &str, paras: &[&str]) -> String {
    let body: String = paras
        .iter()
        .map(|p| format!("<p>{}</p>\n", p.replace('"', "&quot;")))
        .collect();
    format!(
        "<!DOCTYPE html><html><head><title>{headline} | {site}</title></head><body>\
         <header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li></ul></nav></header>\
         <main><article><h1>{headline}</h1><p class=\"byline\">By Staff | 2024-05-14</p>\n{body}</article></main>\
         <footer><p>All rights reserved by the {site} news company and its partners, 2024.</p></footer></body></html>"
    )
}

fn html_listing() -> String {
    let mut stories: Vec<(String, Vec<&str>)> = OTHERS
        .iter()
        .enumerate()
        .map(|(i, ps)| {
            (
                format!("Regional brief number {} of the week", i + 1),
                ps.to_vec(),
            )
        })
        .collect();
    stories.insert(
        2,
        (
            "Shipping lane closed after cargo ship runs aground at Velmora".into(),
            ARTICLE.to_vec(),
        ),
    );
    let body: String = stories
        .iter()
        .map(|(h, ps)| {
            let ps: String = ps.iter().map(|p| format!("<p>{}</p>", p.replace('"', "&quot;"))).collect();
            format!("<article class=\"teaser\"><h2>{h}</h2><p class=\"byline\">By Desk | 2024-05-15</p>{ps}</article>\n")
        })
        .collect();
    format!(
        "<!DOCTYPE html><html><head><title>Latest | The Coast Courier</title></head><body>\
         <nav><a href=\"/\">Home</a></nav><main><h1>Latest stories</h1>{body}</main>\
         <aside><h3>Most read</h3><ul><li><a href=\"#\">Something else entirely happened today</a></li></ul></aside></body></html>"
    )
}

fn prints_of(page: &Page, url: &str) -> (Vec<StoryPrint>, Vec<String>) {
    let seg = segment::segment(
        page,
        &Options {
            published: None,
            url: Some(url.into()),
        },
    );
    let ann = annotate_segmented(page, &seg);
    let texts = seg
        .stories
        .iter()
        .map(|s| page.text[s.start..s.end].to_string())
        .collect();
    (page_prints(page, &seg, &ann.entities), texts)
}

fn read(store: &mut Store, page: &Page, url: &str) -> Vec<(storyline::store::QueryResult, String)> {
    let (prints, texts) = prints_of(page, url);
    let found: Vec<_> = prints.iter().map(|p| store.query(p)).collect();
    for (p, f) in prints.iter().zip(&found) {
        store.insert(
            p,
            &ReadAt {
                url: url.into(),
                file: String::new(),
                now: 1_700_000_000,
            },
            f,
        );
    }
    found.into_iter().zip(texts).collect()
}

#[test]
fn the_article_is_found_inside_the_listing_and_nothing_else_matches() {
    let mut store = Store::new();
    let article = storyline::html::page_from_html(
        &html_article(
            "harbourtimes.example",
            "Cargo ship runs aground, Velmora lane shut",
            &ARTICLE,
        ),
        None,
    );
    assert!(read(&mut store, &article, "https://harbourtimes.example/a")
        .iter()
        .all(|(f, _)| f.matches.is_empty()));
    let listing = storyline::html::page_from_html(&html_listing(), None);
    let results = read(&mut store, &listing, "https://coastcourier.example/latest");
    let mut found = 0;
    for (f, text) in &results {
        let versions: Vec<_> = f
            .matches
            .iter()
            .filter(|m| m.relation != Relation::Related)
            .collect();
        if text.contains("refloated late in the evening") {
            let m = versions
                .first()
                .expect("the story carrying the article matches it");
            assert!(
                matches!(
                    m.relation,
                    Relation::Same | Relation::Contains | Relation::Contained
                ),
                "{m:?}"
            );
            assert!(m.score >= 0.95, "{m:?}");
            assert_eq!(m.url, "https://harbourtimes.example/a");
            found += 1;
        } else {
            assert!(
                versions.is_empty(),
                "a story without the article matched: {versions:?}"
            );
        }
    }
    assert_eq!(found, 1);
}

#[test]
fn a_syndicated_copy_is_the_same_story_and_a_shortened_one_is_contained() {
    let mut store = Store::new();
    let original = storyline::html::page_from_html(
        &html_article("a.example", "Lane shut at Velmora", &ARTICLE),
        None,
    );
    read(&mut store, &original, "https://a.example/1");
    // other chrome, rewritten headline, re-punctuated quotes, a typo
    let edited: Vec<String> = ARTICLE
        .iter()
        .map(|p| p.replace('"', "\u{201c}").replace("reporters", "reproters"))
        .collect();
    let edited: Vec<&str> = edited.iter().map(String::as_str).collect();
    let copy = storyline::html::page_from_html(
        &html_article("b.example", "UPDATE: Velmora lane shut", &edited),
        None,
    );
    let r = read(&mut store, &copy, "https://b.example/2");
    assert_eq!(r[0].0.matches[0].relation, Relation::Same);
    assert!(r[0].0.new_paragraphs.is_empty());
    let short =
        storyline::html::page_from_html(&html_article("c.example", "Velmora", &ARTICLE[..4]), None);
    let r = read(&mut store, &short, "https://c.example/3");
    assert!(r[0]
        .0
        .matches
        .iter()
        .all(|m| m.relation == Relation::Contained || m.relation == Relation::Related));
    // an added closing paragraph is the only new one
    let mut longer = ARTICLE.to_vec();
    longer.push("Port officials also announced a review of the emergency procedures for vessels that lose engine power inside the harbour limits.");
    let longer =
        storyline::html::page_from_html(&html_article("d.example", "Velmora again", &longer), None);
    let r = read(&mut store, &longer, "https://d.example/4");
    let m = &r[0].0.matches[0];
    assert_eq!(m.relation, Relation::Contains);
    assert_eq!(r[0].0.new_paragraphs.len(), 1);
}

#[test]
fn different_articles_on_one_topic_are_never_the_same() {
    let mut store = Store::new();
    read(
        &mut store,
        &Page::from_plain_text(TOPIC_A),
        "https://x.example/a",
    );
    let r = read(
        &mut store,
        &Page::from_plain_text(TOPIC_B),
        "https://y.example/b",
    );
    assert!(
        r[0].0
            .matches
            .iter()
            .all(|m| m.relation == Relation::Related),
        "{:?}",
        r[0].0.matches
    );
    let article = storyline::html::page_from_html(
        &html_article("z.example", "Velmora lane shut", &ARTICLE),
        None,
    );
    let r = read(&mut store, &article, "https://z.example/c");
    assert!(r[0]
        .0
        .matches
        .iter()
        .all(|m| m.relation == Relation::Related));
}
