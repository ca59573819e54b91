#!/usr/bin/env python3
"""Builds lexicons/demonyms.txt: nationality and group words ("American",
"Americans", "Briton", "Arabs"), which name no actor (CoNLL files them under
MISC), as a gazetteer class for the actor tagger.

    cd /tmp && npm pack i18n-nationality@1.4.0 && tar xzf i18n-nationality-1.4.0.tgz
    python3 lexicons/demonyms.py /tmp/package/langs/en.json

Sources: npm `i18n-nationality` 1.4.0 (MIT) for the English nationality
adjectives (entries that are place names, such as "Guam", are dropped), their
plurals by rule, and the project's own short list of nationality nouns and
ethnic, religious and regional group words below. Deterministic output.
"""
import json, os, sys

# The project's own list (nouns and group words the adjective list lacks).
EXTRA = """Arab Arabs Arabian Jew Jews Jewish Kurd Kurds Kurdish Muslim Muslims Moslem Moslems Islamic
Christian Christians Catholic Catholics Protestant Protestants Hindu Hindus Sikh Sikhs Buddhist Buddhists
Sunni Sunnis Shi'ite Shi'ites Shiite Shiites Hutu Hutus Tutsi Tutsis Serb Serbs Croat Croats Bosniak Bosniaks
Azeri Azeris Pashtun Pashtuns Uighur Uighurs Uyghur Uyghurs Tibetan Tibetans Tamil Tamils Kosovar Kosovars
Chechen Chechens Palestinian Palestinians Basque Basques Catalan Catalans Flemish Walloon Walloons
European Europeans Asian Asians African Africans Western Westerner Westerners Latino Latinos Hispanic
Hispanics Caucasian Scandinavian Scandinavians Nordic Baltic Balkan Persian Persians Slav Slavs Slavic
Soviet Soviets Yugoslav Yugoslavs Briton Britons Brit Brits Scot Scots Scottish English Englishman Englishmen
Frenchman Frenchmen Dutchman Irishman Welshman Dane Danes Swede Swedes Pole Poles Finn Finns Turk Turks
Czechs Greeks Swiss Thais Iraqis Iranians Afrikaner Afrikaners Zulu Zulus Maori Aboriginal Inuit Berber
Berbers Bedouin Uzbek Uzbeks Kazakh Kazakhs Tajik Tajiks Turkmen Kyrgyz Mongol Mongols Cossack Cossacks
Texan Texans Californian Californians Midwestern Southern Northern Eastern Latin Anglo""".split()

def main(path):
    here = os.path.dirname(os.path.abspath(__file__))
    places = {l.strip().lower() for l in open(os.path.join(here, "places.txt"), encoding="utf8")}
    d = json.load(open(path, encoding="utf8"))["nationalities"]
    words = set()
    for v in d.values():
        if "(" in v or "," in v:
            continue
        for part in v.replace(" - ", "|").replace(" or ", "|").split("|"):
            part = part.strip()
            if not part or part.lower() in places or "Island" in part or " and " in part:
                continue
            if not part.isascii():
                continue
            words.add(part)
            if part.endswith(("an", "i", "er", "ot", "ek", "ik", "ino", "on")) and part != "I-Kiribati":
                words.add(part + "s")
    words.update(EXTRA)
    rows = sorted(w for w in words if w.lower() not in places)
    with open(os.path.join(here, "demonyms.txt"), "w", encoding="utf8") as f:
        f.write("\n".join(rows) + "\n")
    print("demonyms.txt", len(rows))

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/package/langs/en.json")
