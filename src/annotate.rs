//! The pipeline and its output: segment the page into stories and sentences,
//! run the three taggers, and hand back one [`Annotations`] value that the
//! CLI prints as JSON and the extension turns into highlights.

use crate::offsets::{OffsetMap, Unit};
use crate::page::Page;
use crate::segment::{self, Segmentation, Story};
use crate::tag;
use serde::Serialize;

/// What the caller knows that the page may not say.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Publication date/time to assume (`YYYY-MM-DD` or ISO date-time) when a
    /// story states none: the anchor for relative dates.
    pub published: Option<String>,
    /// Where the page was read.
    pub url: Option<String>,
}

/// A character range (in the output's unit), end exclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// An actor mention: a person, organisation or place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Actor {
    #[serde(rename = "type")]
    pub ty: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// The full name, when this mention is a short form of one ("Cotton" → "Tom Cotton").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A time expression with its TIMEX3 type and value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateMention {
    #[serde(rename = "type")]
    pub ty: String,
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// TIMEX3 value (`2020-07-28`, `P6Y`, `PRESENT_REF`, ...); None when unknown.
    pub value: Option<String>,
    /// TIMEX3 `mod` (`MID`, `START`, `END`, `APPROX`, ...).
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<String>,
}

/// An attribution: who (source) said (cue) what (content).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Attribution {
    /// The source span; None for an attribution with no explicit source.
    pub start: Option<usize>,
    pub end: Option<usize>,
    pub text: Option<String>,
    pub cue: Option<Span>,
    pub content: Option<Span>,
    /// Whom the source told ("told The Jerusalem Post").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub told: Option<Span>,
    /// The actor the source refers to, by full name ("she" → "Bonnie Glaser").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// Whether the source is named (a person, organisation or outlet) or not ("a spokesperson").
    pub named: bool,
}

/// One entity, tagged by kind as in the CLI contract.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Entity {
    Actor(Actor),
    Date(DateMention),
    Source(Attribution),
}

impl Entity {
    /// Start of the entity's main span (for ordering).
    pub fn start(&self) -> usize {
        match self {
            Entity::Actor(a) => a.start,
            Entity::Date(d) => d.start,
            Entity::Source(s) => s.start.or(s.cue.map(|c| c.start)).unwrap_or(0),
        }
    }
}

/// Everything the core found on a page. Offsets are UTF-8 bytes into `text`
/// until [`Annotations::into_unit`] converts them for a consumer.
#[derive(Clone, Debug, Serialize)]
pub struct Annotations {
    pub text: String,
    pub stories: Vec<StoryOut>,
    pub sentences: Vec<[usize; 2]>,
    pub entities: Vec<Entity>,
}

/// A story as printed: its span and metadata.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct StoryOut {
    pub start: usize,
    pub end: usize,
    pub title: Option<String>,
    pub byline: Option<String>,
    pub published: Option<String>,
    pub site: Option<String>,
}

impl From<&Story> for StoryOut {
    fn from(s: &Story) -> Self {
        StoryOut {
            start: s.start,
            end: s.end,
            title: s.title.clone(),
            byline: s.byline.clone(),
            published: s.published.clone(),
            site: s.site.clone(),
        }
    }
}

/// Runs the whole core on a page.
pub fn annotate(page: &Page, opts: &Options) -> Annotations {
    let seg = segment::segment(page, opts);
    annotate_segmented(page, &seg)
}

/// Runs the taggers on an already segmented page.
pub fn annotate_segmented(page: &Page, seg: &Segmentation) -> Annotations {
    let text = &page.text;
    let actors = tag::actors::tag_page(page, seg);
    let dates = tag::dates::tag(text, seg);
    let sources = tag::sources::tag(text, seg, &actors);
    let mut entities: Vec<Entity> = Vec::with_capacity(actors.len() + dates.len() + sources.len());
    entities.extend(actors.into_iter().map(Entity::Actor));
    entities.extend(dates.into_iter().map(Entity::Date));
    entities.extend(sources.into_iter().map(Entity::Source));
    entities.sort_by_key(|e| e.start());
    Annotations {
        text: text.clone(),
        stories: seg.stories.iter().map(StoryOut::from).collect(),
        sentences: seg.sentences.iter().map(|s| [s.start, s.end]).collect(),
        entities,
    }
}

impl Annotations {
    /// Converts every offset from bytes into `unit`.
    pub fn into_unit(mut self, unit: Unit) -> Self {
        if unit == Unit::Bytes {
            return self;
        }
        let m = OffsetMap::new(&self.text, unit);
        let span = |s: &mut Span| {
            s.start = m.map(s.start);
            s.end = m.map(s.end);
        };
        for s in &mut self.stories {
            s.start = m.map(s.start);
            s.end = m.map(s.end);
        }
        for s in &mut self.sentences {
            s[0] = m.map(s[0]);
            s[1] = m.map(s[1]);
        }
        for e in &mut self.entities {
            match e {
                Entity::Actor(a) => {
                    a.start = m.map(a.start);
                    a.end = m.map(a.end);
                }
                Entity::Date(d) => {
                    d.start = m.map(d.start);
                    d.end = m.map(d.end);
                }
                Entity::Source(s) => {
                    s.start = s.start.map(|x| m.map(x));
                    s.end = s.end.map(|x| m.map(x));
                    s.cue.as_mut().map(span);
                    s.content.as_mut().map(span);
                    s.told.as_mut().map(span);
                }
            }
        }
        self
    }
}
