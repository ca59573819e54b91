#!/usr/bin/env python3
"""usage: gen_listing.py OUT.html [STORIES]

Writes the project's own long listing page for benchmarks: ~20 stories,
~6,000 words, realistic news markup (nav, teasers, bylines, datelines,
quotes, share bars, footer). Every sentence comes from templates below with
invented names, so no third-party text is copied. Deterministic (seeded)."""
import random, sys, html

R = random.Random(20200729)
PEOPLE = ["Maria Okafor", "Daniel Reyes", "Helen Zhou", "Tomas Lindqvist", "Priya Raman", "Samuel Adeyemi",
          "Laura Chen", "Viktor Petrov", "Amina Haddad", "George Whitfield", "Keiko Tanaka", "Paul Mendes",
          "Rosa Alvarez", "Ivan Kovac", "Nadia Karim", "Oliver Grant"]
ORGS = ["Northwind Energy", "the Ministry of Commerce", "Bluefin Capital", "the Central Bank", "Harbor Logistics",
        "the National Transport Agency", "Quantica Labs", "the Consumer Council", "Redwood Motors",
        "the European Commission", "Silverline Telecom", "the World Health Organization", "Orion Semiconductors",
        "the Federal Trade Commission", "Maple Retail Group", "the United Nations"]
PLACES = ["Beijing", "Washington", "New Delhi", "Tokyo", "Berlin", "Lagos", "Sao Paulo", "Singapore", "Paris",
          "Nairobi", "Seoul", "Toronto", "Jakarta", "Madrid", "Istanbul", "Sydney"]
WHEN = ["on Tuesday", "last week", "on Monday", "earlier this month", "in May", "six years ago", "on June 29",
        "in the first quarter of 2020", "by mid-September", "a year earlier", "since 1998", "on Thursday"]
TOPICS = ["battery supply deal", "data privacy rules", "chip export limits", "port expansion plan",
          "vaccine production agreement", "ride-hailing merger", "streaming app ban", "steel tariff review",
          "satellite launch", "banking reform", "airline bailout", "housing subsidy"]
CUES = ["said", "told reporters", "added", "noted", "wrote in a statement", "explained"]

def sent():
    p, q, o, pl, w, t = (R.choice(PEOPLE), R.choice(PEOPLE), R.choice(ORGS), R.choice(PLACES), R.choice(WHEN), R.choice(TOPICS))
    forms = [
        f"{p}, a senior adviser at {o}, said {w} that the {t} would reshape trade between {pl} and its neighbours.",
        f"“We are watching the {t} very closely, and we will act if we must,” {p} {R.choice(CUES)}.",
        f"According to {o}, the {t} could affect as many as {R.randint(2, 900)},000 workers in {pl}.",
        f"The company reported revenue of ${R.randint(10, 999)}.{R.randint(1, 9)} million {w}, up {R.randint(2, 40)}% from a year earlier.",
        f"{o} has repeatedly denied claims that the {t} was negotiated in secret with officials in {pl}.",
        f"Officials in {pl} expressed concerns that the {t} may give {o} too much control over prices.",
        f"{p} and {q} met in {pl} {w} to discuss the {t}, people familiar with the talks told the Daily Ledger.",
        f"Shares of {o.replace('the ', '')} rose {R.randint(1, 12)}.{R.randint(0, 9)}% in {pl} trading after the announcement.",
        f"An official source told the Morning Courier, citing internal documents, that the {t} was delayed {w}.",
        f"“It is too early to say what this means for consumers,” said {q}, an analyst at {R.choice(ORGS)}.",
        f"The {t} follows a similar move by {o} {w}, when regulators in {pl} opened an inquiry.",
        f"Critics, including {p}, argue that the plan ignores smaller firms outside {pl}.",
    ]
    return R.choice(forms)

def story(i):
    t = R.choice(TOPICS); pl = R.choice(PLACES); o = R.choice(ORGS)
    title = f"{o.replace('the ', '').title()} Says {t.title()} in {pl} Will Go Ahead"
    author = R.choice(PEOPLE); day = 6 + (19 - i); hh = R.randint(6, 21); mm = R.randint(0, 59)
    paras = []
    for _ in range(R.randint(4, 7)):
        paras.append(" ".join(sent() for _ in range(R.randint(2, 3))))
    date_iso = f"2020-07-{day:02d}T{hh:02d}:{mm:02d}" if day <= 31 else f"2020-08-{day-31:02d}T{hh:02d}:{mm:02d}"
    shown = f"Jul {day}, 2020 {((hh-1)%12)+1:02d}:{mm:02d} {'PM' if hh >= 12 else 'AM'}"
    body = "\n".join(f"      <p>{html.escape(p)}</p>" for p in paras)
    return f"""  <article class="story-item">
    <h2><a href="/story/{i}">{html.escape(title)}</a></h2>
    <div class="byline">By {html.escape(author)} / <time datetime="{date_iso}">{shown}</time> / World</div>
    <div class="story-body">
{body}
    </div>
    <div class="share-bar"><a href="#">Share</a> <a href="#">Tweet</a> <a href="#">Email</a></div>
  </article>"""

nav = "\n".join(f'<li><a href="/s/{k}">{k.title()}</a></li>' for k in ["world", "business", "tech", "markets", "opinion", "video"])
N = int(sys.argv[2]) if len(sys.argv) > 2 else 20
stories = "\n".join(story(i % 20) for i in range(N))
page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>World News – The Daily Ledger</title>
<meta property="og:site_name" content="The Daily Ledger"></head>
<body>
<header class="site-header"><a class="logo" href="/">The Daily Ledger</a><nav class="main-nav"><ul>{nav}</ul></nav></header>
<main class="listing">
<h1>World</h1>
{stories}
</main>
<aside class="popular"><h3>Most Popular</h3><ul>{''.join(f'<li><a href="/p/{k}">{html.escape(sent()[:60])}</a></li>' for k in range(8))}</ul></aside>
<footer class="site-footer"><p>© 2020 The Daily Ledger. All rights reserved.</p><a href="/privacy">Privacy</a> <a href="/terms">Terms</a></footer>
</body></html>
"""
out = sys.argv[1] if len(sys.argv) > 1 else "long-listing.html"
open(out, "w", encoding="utf-8").write(page)
import re
words = len(re.findall(r"\w+", re.sub(r"<[^>]+>", " ", page)))
print(f"{out}: {words} words, {len(page)} bytes")
