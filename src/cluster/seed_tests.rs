//! The seed expectations on fixtures written for this test in the
//! seeds' shapes (invented names and events): an article page under a site
//! header and a list of other headlines (seed 000); a listing page of the same
//! site whose fifth dated story is that article verbatim and whose first story
//! is another article about the same app (seed 002); three other outlets'
//! articles on the app and the two governments (seeds 001, 003, 004). Read in
//! the seeds' order 000, 001, 003, 004, 002: the listing's fifth story is a
//! version of the article; the other outlets are coverage or absent, never
//! versions; no other listing story joins the article's cluster.

use crate::annotate::annotate_segmented;
use crate::fingerprint::page_prints;
use crate::page::Page;
use crate::segment;
use crate::store::matching::Relation;
use crate::store::{QueryResult, ReadAt, Recorded, Store};
use crate::Options;

const SITE_HEAD: &str = "Meridian Global – Latest Asia Business News\n\nHome >\n\n\nMX Tech is Meridian Global's real-time tech news portal, with short analysis and roundups from the business press.\n\nChipmaker Profits Rise to $140m in Second Quarter\nFoldable Screen Maker Plans Listing at Home, Not Abroad\nTrending: Are New Graduates Worth a Million a Year?\nBattery Maker to Supply Cells for German Electric Sedan\nClipFlow Keeps Growing Despite Bans and Threats\nSearch Engine and Microblog Among Apps Banned in Latest Purge\nPhone Maker Boss Shows How to Use Social Media Humour\n";

const ARTICLE_TITLE: &str = "Senators Say ClipFlow Could Meddle in Elections";
const ARTICLE: [&str; 7] = [
    "For years, ClipFlow has been criticised by some Western lawmakers for allegedly mishandling its users' data. Now the wildly popular short video app faces a new accusation that it might meddle in American elections.",
    "In a letter to the Director of National Intelligence and the Federal Bureau of Investigation, a group of Republican senators led by Harlan Voss and Edith Marrow said ClipFlow may let the ruling party in Beijing run influence operations designed to interfere in American elections.",
    "\u{201c}We are greatly concerned that the party could use its control over ClipFlow to distort political conversations and to sow discord among Americans,\u{201d} the senators wrote in the letter dated Tuesday, calling the app a popular forum for political talk.",
    "In the letter, the senators also asked whether ClipFlow could give the party a way to conduct disinformation campaigns before the November vote, and asked the agencies to brief Congress.",
    "Northwind-owned ClipFlow has repeatedly denied allegations that it acts at the behest of the Chinese government, saying its American users' data is stored outside China.",
    "ClipFlow has made efforts to ease such concerns, including hiring an American chief executive, Dana Whitfield, and opening a transparency centre in Los Angeles.",
    "The letter comes as Washington is threatening a ban on ClipFlow and pressing its allies to work with it in cracking down on Chinese technology companies.",
];

fn article_page() -> String {
    format!(
        "{SITE_HEAD}\n{ARTICLE_TITLE}\n\nBy Lin Qiao / Jul 29, 2020 06:48 PM / World\n\n{}\n\nContact reporter Lin Qiao (\n\nRelated: Ruling Party Pushes for Limits on ClipFlow\n",
        ARTICLE.join("\n\n")
    )
}

const LISTING_OTHERS: [[&str; 4]; 4] = [
    [
        "India has blocked a Chinese search engine and a microblogging platform in a fresh round of its ban on apps from China, amid tensions between the two countries along their border.",
        "The move comes after India banned 59 Chinese apps including Northwind's ClipFlow and a popular messaging service on June 29, citing national security concerns and the protection of user data.",
        "The apps on the second list have not been announced, and officials said most of them are clones and light versions of apps that were banned in the first round this summer.",
        "An official source said the government is also considering blocking more apps in the coming weeks, including several games that are popular with Indian teenagers.",
    ],
    [
        "The ride-hailing company Rydeo has abandoned a plan to move its Asia-Pacific headquarters to Hong Kong from Singapore because of the new security law imposed on the city.",
        "In a statement issued Thursday, the company said it would keep Singapore as its regional hub and would review its plans for the territory at the end of the year.",
        "In May, Rydeo had said it was ready to move about 200 staff to Hong Kong, where it has faced strong resistance from taxi drivers since it entered the market six years ago.",
        "Permits for taxis in the city cost several million Hong Kong dollars each at auction, and drivers working for taxi companies have boycotted the service repeatedly.",
    ],
    [
        "The video streaming platform Qinglan is deepening its push into Southeast Asia with plans to open local offices in Thailand, Malaysia and Indonesia before the end of the year.",
        "That was the message from Zhou Wenbo, president of the company's overseas business group, at an online industry forum on Wednesday attended by producers from the region.",
        "Zhou said Qinglan sees partnerships with smart television and smartphone makers as its top priority, particularly at a time when cinemas in the region remain closed.",
        "The company's founder told investors in December that it aims to make paying subscribers the main source of its income within three years.",
    ],
    [
        "The flying car maker Aerovance has obtained a Canadian test flight permit for its flagship two-seat autonomous aircraft, the first such permit issued in the country.",
        "The certificate, issued by the national civil aviation authority, allows the company to fly the aircraft without passengers at a test site near Vancouver until next spring.",
        "Aerovance has so far gained test flight approvals in several countries and has been testing its aircraft for sightseeing, cargo and search and rescue missions.",
        "In the first quarter the company posted a net loss of 20 million yuan on revenues of 19 million yuan, and it expects deliveries to begin next year.",
    ],
];

fn listing_page() -> String {
    let dates = [
        "Aug 05, 2020 06:04 PM",
        "Jul 31, 2020 07:01 PM",
        "Jul 31, 2020 05:10 PM",
        "Jul 30, 2020 05:11 PM",
    ];
    let mut s = SITE_HEAD.to_string();
    s.push_str("ClipFlow Owner Weighs Sale of American Business\n\n");
    for (ps, d) in LISTING_OTHERS.iter().zip(dates) {
        s.push_str(&format!(
            "By Lin Qiao / {d} / World\n\n{}\n\nContact reporter Lin Qiao (\n\nRelated: More from the world desk this week\n\n\n",
            ps.join("\n\n")
        ));
    }
    s.push_str(&format!(
        "Lin Qiao / Jul 29, 2020 06:48 PM / World\n\n{}\n\nContact reporter Lin Qiao (\n\nRelated: Ruling Party Pushes for Limits on ClipFlow\n\n\n",
        ARTICLE.join("\n\n")
    ));
    for (ps, d) in LISTING_SAME_APP
        .iter()
        .zip(["Jul 22, 2020 05:22 PM", "Jul 17, 2020 05:19 PM"])
    {
        s.push_str(&format!(
            "By Lin Qiao / {d} / World\n\n{}\n\nContact reporter Lin Qiao (\n\nRelated: More from the world desk this week\n\n\n",
            ps.join("\n\n")
        ));
    }
    s
}

/// Later stories of the listing on the same app, other events (seed 002's
/// streaming-rival and White House stories): they share the app, its owner
/// and the two countries with the other outlets, and no actor of the letter.
const LISTING_SAME_APP: [[&str; 3]; 2] = [
    [
        "The hugely popular short video app ClipFlow has been named by the streaming service Reelhouse as a major competitor for the first time, as pushback against the Northwind-owned app grows around the world.",
        "In its quarterly letter to shareholders, Reelhouse said ClipFlow's growth in America and Europe showed how fierce the competition for viewers' time has become.",
        "Northwind said ClipFlow now has more than 100 million American users, and that it plans to hire thousands of staff in the United States.",
    ],
    [
        "A senior White House economic adviser, Corwin Hale, said on Friday that ClipFlow could avoid a ban in the United States by breaking away from its Chinese owner Northwind.",
        "Hale told reporters that an American company buying ClipFlow's business would ease concerns about data, and that the president had not yet decided on a ban.",
        "Northwind's founder has said the company is weighing options for the app, and ClipFlow's American chief executive is said to favour a sale to investors in the United States.",
    ],
];

/// Other outlets on the app and the two governments (different words, different angles).
const COVERAGE: [&str; 3] = [
    "Skip to main content\n\nHow ClipFlow Strained Ties Between Washington and Beijing\n\nSecretary of State Rowan Pike said on Tuesday that the United States is looking at banning ClipFlow, the popular short-video network owned by Northwind, from operating in America.\n\n\"We have been engaged in a constant evaluation about protecting the privacy of American citizens,\" Pike added on Wednesday, without giving a timetable.\n\nNorthwind has said it would consider selling a majority stake in ClipFlow's American business to investors in the United States to avoid a ban.\n\nThe dispute has become one more front in the technology rivalry between the two countries, which already spans telecoms equipment and semiconductors.\n",
    "ClipFlow sues over American ban order\n\nBy a staff writer\n\nClipFlow said on Monday it would challenge in court an executive order banning transactions with its owner Northwind, calling the order a violation of due process.\n\nThe company said it had spent nearly a year trying to work with the administration and had been met with a lack of due process and no evidence of any wrongdoing.\n\nLawyers for the company argue that the order relies on unnamed reports and ignores the steps it took to keep American users' data in the United States.\n\nThe White House did not immediately respond to a request for comment on Monday.\n",
    "Beijing warns Washington over ClipFlow deal\n\nChina's foreign ministry said on Thursday that any forced sale of ClipFlow's American operations would amount to theft, and warned of countermeasures against American companies.\n\nA spokesman said Washington was abusing the concept of national security to suppress Chinese technology firms such as Northwind and other companies.\n\nThe comments came days after software makers in the United States confirmed talks to buy the app's business in America, Canada, Australia and New Zealand.\n\nAnalysts said Beijing could add export rules on recommendation algorithms to complicate any deal.\n",
];

/// Reads a page in the order the CLI does: every story is compared with what
/// was read before the page, then recorded. Returns per story its text, what
/// the query found, and the coverage cluster it was recorded in.
fn read(store: &mut Store, text: &str, url: &str) -> Vec<(String, QueryResult, Recorded)> {
    let page = Page::from_plain_text(text);
    let seg = segment::segment(
        &page,
        &Options {
            published: None,
            url: Some(url.into()),
        },
    );
    let ann = annotate_segmented(&page, &seg);
    let prints = page_prints(&page, &seg, &ann.entities);
    let found: Vec<_> = prints.iter().map(|p| store.query(p)).collect();
    let at = ReadAt {
        url: url.into(),
        file: String::new(),
        now: 1_700_000_000,
    };
    prints
        .iter()
        .zip(found)
        .enumerate()
        .map(|(i, (p, f))| {
            let rec = store.insert(p, &at, &f);
            let body = seg
                .stories
                .get(i)
                .and_then(|s| page.text.get(s.start..s.end))
                .unwrap_or("")
                .to_string();
            (body, f, rec)
        })
        .collect()
}

#[test]
fn the_listing_copy_is_a_version_and_other_outlets_never_are() {
    let mut store = Store::new();
    let first = read(&mut store, &article_page(), "https://meridian.example/a/1");
    let article = first
        .iter()
        .find(|(t, _, _)| t.contains("meddle in American elections"))
        .expect("the article is a story of its page");
    let (article_cluster, article_id) = (article.2.coverage, article.2.id);
    for (i, c) in COVERAGE.iter().enumerate() {
        for (_, f, _) in read(&mut store, c, &format!("https://outlet{i}.example/x")) {
            assert!(
                f.matches
                    .iter()
                    .filter(|m| m.id == article_id)
                    .all(|m| m.relation == Relation::Related),
                "outlet {i} taken for a version: {:?}",
                f.matches
            );
        }
    }
    let listing = read(
        &mut store,
        &listing_page(),
        "https://meridian.example/world",
    );
    assert!(listing.len() >= 5, "the listing has its five stories");
    let mut copies = 0;
    for (text, f, rec) in &listing {
        let version_of_article = f
            .matches
            .iter()
            .any(|m| m.id == article_id && m.relation != Relation::Related);
        if text.contains("meddle in American elections") {
            assert!(version_of_article, "{:?}", f.matches);
            assert_eq!(rec.coverage, article_cluster);
            copies += 1;
        } else {
            assert!(!version_of_article, "{text:.80}: {:?}", f.matches);
            assert_ne!(
                rec.coverage, article_cluster,
                "{text:.80} joined the article"
            );
        }
    }
    assert_eq!(copies, 1);
    // the cluster view lists the copy in the article's version group
    let view = super::clusters(&store);
    let c = view
        .iter()
        .find(|c| c.cluster == article_cluster)
        .expect("the article's cluster is listed");
    let first_group = c.versions.first().expect("a version group");
    assert!(first_group.len() >= 2, "{first_group:?}");
    assert!(first_group.iter().all(|m| m.tier == "version"));
    assert!(c
        .versions
        .iter()
        .skip(1)
        .flatten()
        .all(|m| m.tier == "coverage" && !m.url.contains("meridian.example")));
}

/// Two earthquakes in two countries (invented towns and officials), and a
/// second outlet's report of the first one in other words.
const QUAKE_NORTH: &str = "Strong Earthquake Shakes Coastal Province of Velmora\n\nA magnitude 7.1 earthquake struck off the coast of Velmora's northern province early on Friday, killing at least twelve people and bringing down houses in the port town of Qaresh, the U.S. Geological Survey and local officials said.\n\nThe quake hit at a depth of 35 kilometres about 60 kilometres west of Qaresh, the survey said. Velmora's emergency agency, Civil Shield, issued a tsunami warning for the coast and lifted it two hours later.\n\nGovernor Ilsa Moradan said rescue teams were searching collapsed buildings in the old quarter of Qaresh and that hospitals had treated more than 200 injured residents.\n\nAftershocks of up to magnitude 5.4 rattled the region through the morning, and power was cut to large parts of the province.\n";

const QUAKE_NORTH_AGAIN: &str = "Rescuers Dig Through Rubble in Qaresh After Velmora Quake\n\nRescue crews in Qaresh worked through the night on Friday to reach families trapped under rubble after the morning earthquake, Governor Ilsa Moradan told reporters at the town hall.\n\nCivil Shield said the death toll had reached twelve and that three schools in the old quarter would stay closed while engineers inspect them.\n\nThe magnitude 7.1 tremor was centred offshore, according to the U.S. Geological Survey, and residents of Qaresh spent the night in tents set up in the football stadium.\n\nMoradan asked the national government for emergency funds to rebuild houses along the harbour.\n";

const QUAKE_SOUTH: &str = "Earthquake Kills Several in Tarvenia's Mountain Valleys\n\nA magnitude 6.8 earthquake struck the mountain valleys of southern Tarvenia on Tuesday, killing at least nine people and damaging hundreds of houses around the town of Dolvik, the U.S. Geological Survey and the interior ministry said.\n\nThe quake hit at a depth of ten kilometres, the survey said, and was felt in the capital two hundred kilometres away. Aftershocks of up to magnitude 5.1 followed.\n\nRescue teams from the Red Mountain Brigade searched collapsed buildings in Dolvik through the afternoon, and Mayor Petar Halvosen said schools would be used as shelters.\n\nRoads into the valleys were blocked by landslides, and power was cut to several villages.\n";

const QUAKE_NORTH_LATER: &str = "Qaresh Shaken Again as New Quake Hits Velmora Coast\n\nA second strong earthquake shook Qaresh on Friday, sending residents into the streets of the old quarter, Governor Ilsa Moradan said.\n\nCivil Shield sent crews to check houses by the harbour, and the schools of the old quarter were shut for another week.\n\nSeismologists at the U.S. Geological Survey put the new tremor at magnitude 6.2, and many families in Qaresh chose to sleep outdoors once more.\n";

/// Reads a plain-text page published on `date` (an empty date: undated) and
/// returns its first story's coverage cluster.
fn read_dated(store: &mut Store, text: &str, url: &str, date: &str) -> u64 {
    let page = Page::from_plain_text(text);
    let seg = segment::segment(
        &page,
        &Options {
            published: (!date.is_empty()).then(|| date.into()),
            url: Some(url.into()),
        },
    );
    let ann = annotate_segmented(&page, &seg);
    let prints = page_prints(&page, &seg, &ann.entities);
    let print = prints.first().expect("the page has a story");
    assert!(print.published.starts_with(date), "{}", print.published);
    let at = ReadAt {
        url: url.into(),
        file: String::new(),
        now: 1_700_000_000,
    };
    let (_, r) = store.record(print, &at);
    r.coverage
}

#[test]
fn twin_earthquakes_stay_apart_and_one_quakes_coverage_joins() {
    for (south_date, what) in [
        ("2020-02-25", "a month apart"),
        ("2020-01-28", "the same week"),
    ] {
        let mut store = Store::new();
        let north = read_dated(
            &mut store,
            QUAKE_NORTH,
            "https://a.example/q1",
            "2020-01-24",
        );
        let again = read_dated(
            &mut store,
            QUAKE_NORTH_AGAIN,
            "https://b.example/q2",
            "2020-01-25",
        );
        assert_eq!(again, north, "the second report of the same quake joins it");
        let south = read_dated(&mut store, QUAKE_SOUTH, "https://c.example/q3", south_date);
        assert_ne!(
            south, north,
            "the other country's quake {what} joined the first one"
        );
    }
}

#[test]
fn an_undated_member_does_not_carry_a_cluster_across_a_month() {
    let mut store = Store::new();
    let north = read_dated(
        &mut store,
        QUAKE_NORTH,
        "https://a.example/q1",
        "2020-01-24",
    );
    let again = read_dated(&mut store, QUAKE_NORTH_AGAIN, "https://b.example/q2", "");
    assert_eq!(again, north, "the undated second report joins the first");
    // a later quake in the same town: near the undated report in words, a month from the cluster
    let later = read_dated(
        &mut store,
        QUAKE_NORTH_LATER,
        "https://c.example/q4",
        "2020-02-28",
    );
    assert_ne!(later, north);
}
