//! The content script's answer, packed (`annotateTreePacked`): the marks and
//! the entities as flat integer arrays, every string once in a small table.
//! The answer crosses the extension's message channel, which serialises it
//! (as JSON in Chromium) and the content script parses it: on the 6k listing
//! page the objects' answer (`{"entity":12,"role":"actor","node":40,...}` per
//! mark, every field named in every entity) was about 206 KB of JSON; the
//! same facts as integers are a fraction of that, cheaper to write here, to
//! carry and to parse. extension/content.js (`unpack`) reads it back.

use crate::annotate::{Entity, StoryOut};
use serde::Serialize;
use std::collections::HashMap;

/// Integers per entity in [`Packed::entities`]: kind (see [`kind_code`]),
/// type, start, end, text, aux, cue start, named. Strings (type, text, aux)
/// are indices into [`Packed::strings`], and -1 stands for "none"; aux is an
/// actor's full name, a date's value, a source's actor.
pub const ENTITY_FIELDS: usize = 8;

/// Integers per mark in [`Packed::marks`]: entity index, role (see
/// [`role_code`]), text node index, UTF-16 start and end in that node.
pub const MARK_FIELDS: usize = 5;

/// The answer as the content script reads it.
#[derive(Serialize)]
pub struct Packed<'a> {
    pub stories: &'a [StoryOut],
    pub strings: Vec<&'a str>,
    pub entities: Vec<i64>,
    pub marks: Vec<i64>,
}

/// One highlight: an entity's span cut to one text node (packed here, or
/// as an object in `annotateTree`'s answer).
#[derive(Serialize)]
pub struct Mark {
    /// Index into the entities.
    pub entity: usize,
    pub role: Role,
    /// Text node index in the tree, and the UTF-16 range inside that node.
    pub node: u32,
    pub start: usize,
    pub end: usize,
}

/// What part of its entity a mark shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Actor,
    Date,
    Source,
    Content,
}

/// The role's number in [`Packed::marks`] (content.js `ROLES` reads it back).
pub fn role_code(r: Role) -> i64 {
    match r {
        Role::Actor => 0,
        Role::Date => 1,
        Role::Source => 2,
        Role::Content => 3,
    }
}

/// The entity kind's number in [`Packed::entities`] (content.js `ENTITY_KINDS`).
pub fn kind_code(e: &Entity) -> i64 {
    match e {
        Entity::Actor(_) => 0,
        Entity::Date(_) => 1,
        Entity::Source(_) => 2,
    }
}

/// Each distinct string once, in order of first use.
#[derive(Default)]
struct Strings<'a> {
    list: Vec<&'a str>,
    index: HashMap<&'a str, i64>,
}

impl<'a> Strings<'a> {
    fn id(&mut self, s: Option<&'a str>) -> i64 {
        let Some(s) = s else { return -1 };
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.list.len() as i64;
        self.list.push(s);
        self.index.insert(s, i);
        i
    }
}

fn opt(x: Option<usize>) -> i64 {
    x.map_or(-1, |v| v as i64)
}

/// Packs stories, entities (offsets already in UTF-16 units) and marks.
pub fn pack<'a>(stories: &'a [StoryOut], entities: &'a [Entity], marks: &[Mark]) -> Packed<'a> {
    let mut strings = Strings::default();
    let mut ents = Vec::with_capacity(entities.len() * ENTITY_FIELDS);
    for e in entities {
        let kind = kind_code(e);
        // an actor and a date: a type, a span, the text and one more string
        let mut spanned =
            |ty: &'a str, start: usize, end: usize, text: &'a str, aux: Option<&'a str>| {
                [
                    kind,
                    strings.id(Some(ty)),
                    start as i64,
                    end as i64,
                    strings.id(Some(text)),
                    strings.id(aux),
                    -1,
                    0,
                ]
            };
        let row: [i64; ENTITY_FIELDS] = match e {
            Entity::Actor(a) => spanned(&a.ty, a.start, a.end, &a.text, a.name.as_deref()),
            Entity::Date(d) => spanned(&d.ty, d.start, d.end, &d.text, d.value.as_deref()),
            Entity::Source(s) => [
                kind,
                -1,
                opt(s.start),
                opt(s.end),
                strings.id(s.text.as_deref()),
                strings.id(s.actor.as_deref()),
                opt(s.cue.map(|c| c.start)),
                i64::from(s.named),
            ],
        };
        ents.extend_from_slice(&row);
    }
    let mut packed_marks = Vec::with_capacity(marks.len() * MARK_FIELDS);
    for m in marks {
        packed_marks.extend_from_slice(&[
            m.entity as i64,
            role_code(m.role),
            i64::from(m.node),
            m.start as i64,
            m.end as i64,
        ]);
    }
    Packed {
        stories,
        strings: strings.list,
        entities: ents,
        marks: packed_marks,
    }
}
