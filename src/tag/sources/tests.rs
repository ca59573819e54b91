//! Expectations of issue 6 on fixture sentences written for the project in the shapes of the seed pages
//! (paraphrased, not copied).

use super::*;
use crate::page::Page;
use crate::Options;

struct Got {
    text: String,
    all: Vec<Attribution>,
}

impl Got {
    fn new(text: &str) -> Got {
        let page = Page::from_plain_text(text);
        let seg = crate::segment::segment(&page, &Options::default());
        let all = tag(&page.text, &seg, &[]);
        Got {
            text: page.text,
            all,
        }
    }
    fn span(&self, s: Option<Span>) -> &str {
        s.and_then(|s| self.text.get(s.start..s.end)).unwrap_or("")
    }
    /// The attribution whose cue is `cue`.
    fn by_cue(&self, cue: &str) -> &Attribution {
        let found = self.all.iter().find(|a| self.span(a.cue) == cue);
        match found {
            Some(a) => a,
            None => panic!(
                "no cue {cue:?} in {:?}",
                self.all
                    .iter()
                    .map(|a| self.span(a.cue))
                    .collect::<Vec<_>>()
            ),
        }
    }
    fn source(&self, cue: &str) -> &str {
        self.by_cue(cue).text.as_deref().unwrap_or("")
    }
    fn content(&self, cue: &str) -> &str {
        self.span(self.by_cue(cue).content)
    }
    fn told(&self, cue: &str) -> &str {
        self.span(self.by_cue(cue).told)
    }
    fn actor(&self, cue: &str) -> &str {
        self.by_cue(cue).actor.as_deref().unwrap_or("")
    }
}

#[test]
fn senators_letter_shapes() {
    let g = Got::new(
        "“We are deeply troubled by the app’s data practices,” the senators wrote in the letter.\n\n\
         A group of veteran Republican U.S. senators led by Ann Fisher and Carl Ortiz expressed concerns that the app could be used for spying.\n\n\
         The U.S. lawmakers also asked if the company shares data with Beijing.\n\n\
         ByteDance-owned TikTok has repeatedly denied allegations that it shares user data.\n\n\
         A group of Japan's ruling Liberal Democratic Party lawmakers said that they want limits on the apps.\n",
    );
    assert_eq!(g.source("wrote"), "the senators");
    assert_eq!(
        g.content("wrote"),
        "“We are deeply troubled by the app’s data practices,”"
    );
    assert!(
        g.source("expressed concerns")
            .ends_with("senators led by Ann Fisher and Carl Ortiz"),
        "{}",
        g.source("expressed concerns")
    );
    assert!(g.content("expressed concerns").starts_with("that the app"));
    assert_eq!(g.source("also asked"), "The U.S. lawmakers");
    assert!(g.content("also asked").starts_with("if the company"));
    assert_eq!(g.source("has repeatedly denied"), "ByteDance-owned TikTok");
    assert_eq!(
        g.source("said"),
        "A group of Japan's ruling Liberal Democratic Party lawmakers"
    );
    assert_eq!(g.content("said"), "that they want limits on the apps");
    assert!(g.by_cue("said").named);
    assert!(!g.by_cue("also asked").named || g.by_cue("also asked").actor.is_none());
}

#[test]
fn secretary_and_spokesperson_shapes() {
    let g = Got::new(
        "“We are reviewing the matter closely,” Rowe added on Wednesday.\n\n\
         US Secretary of State Dana Rowe said on Tuesday that the US is weighing a ban on the app.\n\n\
         “The app is run by an American team,” a spokesperson told CNBC. “We keep user data in the US.”\n\n\
         According to Sensor Tower Store Intelligence estimate, it was downloaded two billion times.\n",
    );
    assert_eq!(g.source("added"), "Rowe");
    assert_eq!(g.content("added"), "“We are reviewing the matter closely,”");
    assert_eq!(g.source("said"), "US Secretary of State Dana Rowe");
    assert_eq!(
        g.content("said"),
        "that the US is weighing a ban on the app"
    );
    assert_eq!(g.source("told"), "a spokesperson");
    assert_eq!(g.told("told"), "CNBC");
    assert_eq!(
        g.content("told"),
        "“The app is run by an American team,” a spokesperson told CNBC. “We keep user data in the US.”"
    );
    assert!(!g.by_cue("told").named);
    assert_eq!(
        g.source("According to"),
        "Sensor Tower Store Intelligence estimate"
    );
    assert_eq!(
        g.content("According to"),
        "it was downloaded two billion times"
    );
}

#[test]
fn experts_and_their_pronouns_shapes() {
    let g = Got::new(
        "“Chinese law requires firms to hand over data,” Bonnie Glaser, Director of the Asia Program at the Center for Strategic Studies, toldThe Jerusalem Post. “Firms are routinely asked for data,” she added.\n\n\
         Samm Sacks, a Senior Fellow at Yale Law School, told the Post that data is the new power contest.\n\n\
         “Companies are in the crossfire,” Sacks explained.\n\n\
         She noted that no outside audit exists.\n\n\
         Adam Segal, Director of the Digital Policy Program, told the Post that there are some risks.\n\n\
         “There is a degree of politics involved,” he noted.\n\n\
         “China could retaliate against a US company,” said Segal\n",
    );
    assert!(
        g.source("told")
            .starts_with("Bonnie Glaser, Director of the Asia Program"),
        "{}",
        g.source("told")
    );
    assert_eq!(g.told("told"), "The Jerusalem Post");
    assert_eq!(g.actor("told"), "Bonnie Glaser");
    assert_eq!(g.source("added"), "she");
    assert_eq!(g.actor("added"), "Bonnie Glaser");
    let sacks = g.all.iter().find(|a| {
        a.text
            .as_deref()
            .is_some_and(|t| t.starts_with("Samm Sacks"))
    });
    assert!(sacks.is_some_and(
        |a| g.span(a.told) == "the Post" && g.span(a.content).starts_with("that data")
    ));
}

#[test]
fn surnames_and_pronouns_link_to_full_names() {
    let g = Got::new(
        "Samm Sacks, a Senior Fellow at Yale Law School, told the Post that data is the new power contest.\n\n\
         “Companies are in the crossfire,” Sacks explained.\n\n\
         She noted that no outside audit exists.\n\n\
         Adam Segal, Director of the Digital Policy Program, told the Post that there are some risks.\n\n\
         “There is a degree of politics involved,” he noted.\n\n\
         “China could retaliate against a US company,” said Segal\n",
    );
    assert_eq!(g.source("explained"), "Sacks");
    assert_eq!(g.actor("explained"), "Samm Sacks");
    let noted: Vec<&Attribution> = g.all.iter().filter(|a| g.span(a.cue) == "noted").collect();
    assert_eq!(noted.len(), 2);
    assert_eq!(noted[0].actor.as_deref(), Some("Samm Sacks"));
    assert_eq!(noted[1].actor.as_deref(), Some("Adam Segal"));
    assert_eq!(g.source("said"), "Segal");
    assert_eq!(g.actor("said"), "Adam Segal");
    assert_eq!(
        g.content("said"),
        "“China could retaliate against a US company,”"
    );
}

#[test]
fn report_citing_and_official_source_shapes() {
    let g = Got::new(
        "India is preparing to ban the app, the Times of India reported on Tuesday, citing unnamed sources.\n\n\
         An official source told the Times of India that the review is under way.\n",
    );
    assert_eq!(g.source("reported"), "the Times of India");
    assert_eq!(g.content("reported"), "India is preparing to ban the app");
    assert_eq!(g.source("citing"), "unnamed sources");
    assert_eq!(g.content("citing"), "India is preparing to ban the app");
    assert!(!g.by_cue("citing").named);
    assert_eq!(g.source("told"), "An official source");
    assert_eq!(g.told("told"), "the Times of India");
    assert_eq!(g.content("told"), "that the review is under way");
    assert!(!g.by_cue("told").named);
}

#[test]
fn a_report_with_only_a_date_after_it_points_back() {
    let g = Got::new(
        "The list names 200 more apps, local media The Daily Ledger reported Monday, citing people familiar with it.\n",
    );
    assert_eq!(g.source("reported"), "The Daily Ledger");
    assert_eq!(g.content("reported"), "The list names 200 more apps");
    assert_eq!(g.content("citing"), "The list names 200 more apps");
}

#[test]
fn page_labels_are_not_speakers() {
    let g = Got::new("Related: Officials Weigh New Limits on Apps\n\nTRUMP: We will look at it.\n");
    assert_eq!(g.all.len(), 1);
    assert_eq!(g.source(":"), "TRUMP");
    assert_eq!(g.content(":"), "We will look at it");
}

#[test]
fn actors_link_when_given() {
    let text = "Mike Pompeo spoke first.\n\n“We are looking at it,” he said.\n";
    let page = Page::from_plain_text(text);
    let seg = crate::segment::segment(&page, &Options::default());
    let actors = [Actor {
        ty: "person".into(),
        start: 0,
        end: 11,
        text: "Mike Pompeo".into(),
        name: None,
    }];
    let out = tag(&page.text, &seg, &actors);
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].actor.as_deref(), Some("Mike Pompeo"));
    assert!(out[0].named);
}

#[test]
fn no_attribution_without_a_cue() {
    let g = Got::new("The app was downloaded two billion times. It is popular with teenagers.\n");
    assert!(g.all.is_empty());
}

#[test]
fn arbitrary_unicode_never_panics_and_stays_on_boundaries() {
    let inputs = [
        "",
        "\"",
        "“",
        "”",
        "said",
        "said:",
        ", said",
        "“x,” said",
        "according to",
        "\u{feff}“日本”, he said.”",
        "é said “ü\n\n” told ",
        "''''said''''",
        "(((said)))",
        "X (said",
        "told) said ( “",
        "— ― said ― “a” ― B",
    ];
    for s in inputs {
        let g = Got::new(s);
        for a in &g.all {
            for sp in [a.cue, a.content, a.told].into_iter().flatten() {
                assert!(g.text.get(sp.start..sp.end).is_some(), "{s:?}");
            }
            if let (Some(x), Some(y)) = (a.start, a.end) {
                assert!(g.text.get(x..y).is_some(), "{s:?}");
            }
        }
    }
}

#[test]
fn a_name_is_no_auxiliary_and_a_comparison_no_appositive() {
    let g = Got::new(
        "Prime Minister Clara May said on Monday that the talks would go on.\n\n\
         Senator Ann Fisher, like her colleagues, warned against a rushed vote.\n",
    );
    assert_eq!(g.source("said"), "Prime Minister Clara May");
    assert_eq!(g.source("warned against"), "Senator Ann Fisher");
    assert_eq!(g.content("warned against"), "a rushed vote");
}

#[test]
fn a_lower_case_plural_head_keeps_its_place_modifier() {
    let g = Got::new(
        "Local shop owners on the harbour side said on Thursday they expected more customers.\n\n\
         Several bus drivers in the northern district said the new timetable was too tight.\n",
    );
    let said: Vec<&str> = g
        .all
        .iter()
        .filter(|a| g.span(a.cue) == "said")
        .map(|a| a.text.as_deref().unwrap_or(""))
        .collect();
    assert_eq!(
        said,
        [
            "Local shop owners on the harbour side",
            "Several bus drivers in the northern district"
        ]
    );
}

#[test]
fn a_capitalised_particle_opens_a_name() {
    let g = Got::new("The harbour plan is late, De Rosa said on Friday.\n");
    assert_eq!(g.source("said"), "De Rosa");
}

#[test]
fn a_poll_released_on_a_date_keeps_its_date() {
    let g = Got::new(
        "A Harbour Gazette poll released last week found that most riders want the night ferry.\n",
    );
    assert_eq!(
        g.source("found"),
        "A Harbour Gazette poll released last week"
    );
    let g = Got::new(
        "According to a council report published last month, few people cross at night.\n",
    );
    assert_eq!(
        g.source("According to"),
        "a council report published last month"
    );
}

#[test]
fn a_second_appositive_describes_the_first_and_is_left_out() {
    let g = Got::new(
        "Anna Brook, the finance minister of Norway, a founding member of the council, said the plan would fail.\n",
    );
    assert_eq!(
        g.source("said"),
        "Anna Brook, the finance minister of Norway,"
    );
}

#[test]
fn slashed_names_stay_whole() {
    let g = Got::new("The Gallup/Ipsos poll showed that the mayor is ahead in the race.\n");
    assert_eq!(g.source("showed"), "The Gallup/Ipsos poll");
}

#[test]
fn quoted_transcript_speakers_are_sources() {
    let g = Got::new(
        "Partial transcript follows.\n\n\"HOLLIS: Let me start with the budget. Why did the vote fail?\"\n",
    );
    let a = g.by_cue(":");
    assert_eq!(
        g.span(Some(Span {
            start: a.start.unwrap_or(0),
            end: a.end.unwrap_or(0)
        })),
        "HOLLIS"
    );
    assert_eq!(
        g.span(a.content),
        "Let me start with the budget. Why did the vote fail?"
    );
}
