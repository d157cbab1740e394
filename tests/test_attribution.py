"""Speakers of quotations and turns of transcripts, on text from inputs/."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from conftest import COURT, input_path
from hypothesis import given
from hypothesis import strategies as st

from dedup.attribution import (
    antecedents,
    header_speaker,
    introduces,
    name_words,
    same_speaker,
    speakers,
    title_speaker,
    turns,
)
from dedup.attribution.antecedents import sentence_start
from dedup.attribution.patterns import mentions
from dedup.attribution.vocabulary import WORD
from dedup.quotes import extract

TITLE_004 = ("Press conference by NATO Secretary General Jens Stoltenberg following the meetings "
             "of NATO Ministers of Foreign Affairs in Brussels")


def _speakers(text: str) -> list[str | None]:
    return speakers(text, extract(text))


def test_every_quotation_of_the_article_is_stoltenbergs() -> None:
    found = _speakers(input_path("001").read_text(encoding="utf-8"))
    assert len(found) == 6
    assert found == ["Nato Secretary General Jens Stoltenberg"] * 6


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param("“It’s quite remarkable how things have been put together,” Szewczyk said.",
                     "Szewczyk", id="X said"),
        pytest.param("“We remain clear-eyed about China,” said Mr Stoltenberg.", "Mr Stoltenberg",
                     id="said X"),
        pytest.param("Asked whether the move was based on intelligence, Mr Stoltenberg said: "
                     "\"We are concerned.\"", "Mr Stoltenberg", id="X said colon"),
        pytest.param("German Chancellor Olaf Scholz told reporters that he “strongly” appealed.",
                     "German Chancellor Olaf Scholz", id="X told"),
        pytest.param("“The ratification process is nearly complete,” according to Jens "
                     "Stoltenberg.", "Jens Stoltenberg", id="according to"),
        pytest.param("Jens Stoltenberg: “We do not see China as an adversary.”", "Jens Stoltenberg",
                     id="X colon"),
        pytest.param("Stoltenberg on Thursday said Europe was “facing the most serious security "
                     "crisis”.", "Stoltenberg", id="X on Thursday said"),
        # A court report's words between a name and its verb.
        pytest.param("Andrew Gray, QC, for Reuters, said: “We now see a significant movement of "
                     "troops.”", "Andrew Gray", id="X, QC, for Y, said"),
        pytest.param("“Nato will also look to provide cybersecurity assistance,” Andrew Gray, "
                     "prosecuting, told the court.", "Andrew Gray", id="X, prosecuting, told"),
        pytest.param("Mr Stoltenberg, 63, said: 'We are concerned.'", "Mr Stoltenberg",
                     id="X, age, said"),
        pytest.param("Nick Grimshaw, of the NATO press office, said: “We are concerned.”",
                     "Nick Grimshaw", id="X, of Y, said"),
        pytest.param("Another witness, Helen Merrow, who left before the end of the row, "
                     "said: “I saw people getting out of a van.”", "Helen Merrow",
                     id="X, who Y, said"),
        # An attribution ending the sentence a quotation is inside.
        pytest.param("This was a return to the “weaker pattern” of lending seen late last year, "
                     "the BBA added.", "BBA", id="... “A” ..., X added."),
        # A helping verb or "also" between the name and its verb.
        pytest.param("And on Thursday Mr Blair is saying: “I want to talk about prosperity.”",
                     "Mr Blair", id="X is saying"),
        pytest.param("During the interview Mr Dunmore also said his former deputy would play a "
                     "“big role” in the campaign.", "Mr Dunmore", id="X also said"),
        pytest.param("Smith is said to have told friends: “I did it.”", None,
                     id="X is said to have: no saying of X's"),
        # News copy's description of a speaker before the name.
        pytest.param("“We have always had a world cinema section,” festival director Anna Cole "
                     "said.", "Anna Cole", id="description X said"),
        pytest.param("“Shareholders deserve to know,” said SEC deputy enforcement director Linda "
                     "Marsh.", "Linda Marsh", id="said Acronym description X"),
        pytest.param("“This is a clarion call,” said Netline's chief technology officer Mark "
                     "Moran.", "Mark Moran", id="said Firm's description X"),
        pytest.param("“It was very hard,” said Fox and Hound executive producer Anna Fell.",
                     "Anna Fell", id="said Show and Show description X"),
        pytest.param("“It was the wrong decision,” said Smith outside court in London.", "Smith",
                     id="said X where: not the place"),
        pytest.param("He set out the choices he says are facing Britain. “How much tax do people "
                     "want to pay?”", None, id="says are facing X: no description"),
        pytest.param("The QC added: “He has always denied it.”", None, id="a rank alone"),
        # News copy's description of a speaker between the name and the verb.
        pytest.param("“These figures show the market slowing,” Janet Moore, deputy director of "
                     "the lenders' council, said.", "Janet Moore", id="X, description, said"),
        pytest.param("Tom Reid, spokesman for the rail union RMT, which called the strike, said: "
                     "\"Our members will not be moved.\"", "Tom Reid",
                     id="X, description, which Y, said"),
        pytest.param("Robert Tanner, who is now a 19-year-old student and has lost four stone "
                     "since leaving home, told a jury: “I was given crisps every day.”",
                     "Robert Tanner", id="X, who (a long clause), told"),
        pytest.param("A friend of Mr Neale's, who was named only as Gary, said the group had been "
                     "“merry” after the match.", None, id="friend of X, who Y, said"),
        pytest.param("Mr Hibbert, 54, a tenant on Lord Ashcombe's estate at Thornby, "
                     "Rutland, who runs a farm, said: 'I am very relieved.'", None,
                     id="at town, county, who Y, said"),
        pytest.param("Andrew Gray, now 18, told the court: “I was fed chips every day.”",
                     "Andrew Gray", id="X, now age, told"),
        pytest.param("Helen Farrow, of Wigan, Greater Manchester, who will take over from "
                     "Emma Corby on Jan 23, said: “I'm thrilled.”", "Helen Farrow",
                     id="X, of town, county, who Y, said"),
        pytest.param("Mr Walker, from Leeds, added: “The jury cleared him.”", "Mr Walker",
                     id="X, from town, added"),
        pytest.param("Judge Margaret Hollins, sentencing Dawn, 32, said: “These were wicked "
                     "offences.”", "Judge Margaret Hollins", id="judge, sentencing X, age, said"),
        pytest.param("He was quitting the BBC. Edmonds told reporters he was bored. He added: "
                     "“It is boring.”", "Edmonds", id="name after an initialism's full stop"),
        # "Y on Z, said:" is no speaker Y with the topic "Z, said".
        pytest.param("Mr Hibbert, a tenant at Thornby, Rutland, who will sell up to Lord "
                     "Ashcombe on Jan 23, said: 'I am relieved.'", None,
                     id="X, who Y on Z, said"),
        # Verbs of a speaker's manner, as papers print them.
        pytest.param("Mr Farooq retorted: 'I was close to the family.'", "Mr Farooq",
                     id="X retorted:"),
        pytest.param("And Peter Smith's dad Roy sobbed:\n\n“We could not have any more "
                     "children.”", "Roy", id="X sobbed: quotation paragraph below"),
        pytest.param("“No, my lord,” conceded Collins's barrister.", None,
                     id="conceded X's barrister"),
        # A description before a title is no part of the name.
        pytest.param("Tense-looking Mr Harwood replied: “The minister is back in the "
                     "Cabinet.”", "Mr Harwood", id="description Mr X replied"),
        pytest.param("Prosecutor Mr Adrian Redgrave told the jury: “The accused murdered three "
                     "friends.”", "Mr Adrian Redgrave", id="role Mr X told"),
        # A tabloid's opening words in capitals.
        pytest.param("TV STAR Noel Edmonds said he is quitting the BBC. Edmonds added: “It is "
                     "boring.”",
                     "Noel Edmonds", id="tabloid lead-in, fullest name"),
        pytest.param("FORMER Tory MP Neil Harwood admitted yesterday he made a false claim. "
                     "He told the court: “It was a windfall.”", "Tory MP Neil Harwood",
                     id="tabloid lead-in, he"),
        pytest.param("A YOUTH told magistrates this week how his father had called him “the "
                     "lazy useless lump”.", None, id="tabloid lead-in, no name"),
        pytest.param("NATO Secretary General Jens Stoltenberg said: “NATO is ready.”",
                     "NATO Secretary General Jens Stoltenberg", id="acronym opening the text"),
        pytest.param("German Chancellor Olaf Scholz said last night:\n\n“Germany stands ready "
                     "to help our partners.”", "German Chancellor Olaf Scholz",
                     id="X said colon, quotation paragraph below"),
        pytest.param("Allies will act 'to defend every inch of the territory of NATO' Stoltenberg "
                     "said.", "Stoltenberg", id="closing mark after a capitalised word"),
        pytest.param("The following March Stoltenberg said Europe was “facing the most serious "
                     "security crisis”.", "Stoltenberg", id="month before the name"),
        # An office in lower case before the name, as news and press releases print it.
        pytest.param("“We remain clear-eyed about China,” secretary general Jens Stoltenberg "
                     "said.", "Jens Stoltenberg", id="office X said"),
        pytest.param("“You have to have a bit of ambiguity about your response,” said prime "
                     "minister Boris Johnson.", "Boris Johnson", id="said office X"),
        pytest.param("“Nato will also look to provide cybersecurity assistance,” chairman and "
                     "chief executive Andrew Gray said.", "Andrew Gray",
                     id="office and office X said"),
    ],
)
def test_attribution_patterns(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker]


@pytest.mark.parametrize(
    ("text", "other"),
    [
        pytest.param("Mrs Hale, whose son, Tom, was driving, said she had “never seen the lorry”.",
                     "Tom", id="a clause about another"),
        pytest.param("He spoke at the funeral of Anne Lowe, the band's manager, saying: “She "
                     "held us together.”", "Anne Lowe", id="before a participle"),
    ],
)
def test_a_name_described_between_commas_is_no_speaker_of_another_verb(text: str,
                                                                        other: str) -> None:
    assert other not in _speakers(text)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param("Her lawyer, Helen Carver, told the court: “My client was never there.”",
                     "Helen Carver", id="description, X, told"),
        pytest.param("The Prime Minister, Jonathan Peel, said in a statement: “We will not give "
                     "way.”", "Jonathan Peel", id="the office, X, said"),
        pytest.param("After the hearing, Mr Dunne's solicitor, Rachel Ambrose, said: “He will "
                     "appeal against the ruling.”", "Rachel Ambrose",
                     id="opening phrase, whose description, X, said"),
        pytest.param("“My client was never there,” said her lawyer, Helen Carver.",
                     "Helen Carver", id="said description, X"),
        pytest.param("“There are no technical barriers,” said Shelter policy director, Owen "
                     "Pryce.", "Owen Pryce", id="said a body's office, X"),
        pytest.param("“We will not give way,” said the Prime Minister, Jonathan Peel.",
                     "Jonathan Peel", id="said the office, X"),
        pytest.param("“My client was never there,” her lawyer Helen Carver told the court.",
                     "Helen Carver", id="her description X told"),
        pytest.param("“My client was never there,” the defendant’s lawyer, Helen Carver, said.",
                     "Helen Carver", id="the description, X, said"),
        pytest.param("The trust had found no fault. “We had no complaints about him,” the trust's "
                     "then chairman, Sir Alan Pell, said at the time.", "Sir Alan Pell",
                     id="the description, X, said at"),
    ],
)
def test_a_description_set_off_by_commas_before_the_name_leaves_the_speaker(
        text: str, speaker: str) -> None:
    # Agency court copy's way of naming a speaker: these had no speaker at all.
    assert _speakers(text) == [speaker]


@pytest.mark.parametrize(
    ("text", "other"),
    [
        pytest.param("Peter Lowry, father of the injured boy, Sam Lowry, said afterwards that "
                     "he was “appalled” by the sentence.", "Sam Lowry", id="after of"),
        pytest.param("Mr Justice Farrant, sentencing the killer of the boy's friend, Tom Hale, "
                     "said he was “without pity”.", "Tom Hale", id="after a participle's object"),
    ],
)
def test_a_description_after_a_preposition_is_no_speakers(text: str, other: str) -> None:
    # The phrase describes someone the sentence is about, not its subject.
    assert other not in _speakers(text)


def test_two_qcs_are_two_speakers() -> None:
    # "QC" was read as both barristers' surname: the fullest name with it
    # replaced one by the other.
    text = ("Ruth Ellery QC, for the company, said its director was too ill to travel. James "
            "Corder QC, for the council, told the court the director must answer. “The losses "
            "were made in the course of business,” he said.")
    assert _speakers(text) == ["James Corder QC"]
    assert not same_speaker("James Corder QC", "Ruth Ellery QC")
    assert same_speaker("Mr Corder", "James Corder QC")


def test_a_surname_a_man_and_a_woman_share_keeps_each_ones_title() -> None:
    # Husband and wife, both witnesses: "Mrs Harker" is not "Stephen Harker".
    text = ("Mr Harker said he saw the fight from his car. Another witness, Stephen Harker, 45, "
            "said the men exchanged punches. Mrs Harker said: “The younger man appeared to "
            "stagger backwards.”")
    assert _speakers(text) == ["Mrs Harker"]


def test_he_said_is_never_a_name_the_text_titles_as_a_woman_elsewhere() -> None:
    # "Ms Pellow-Grant" says that "Jane Pellow-Grant" is a "she".
    text = ("Coroner Richard Ames said both deaths were accidents. Her teacher Jane Pellow-Grant "
            "told the inquest that Amy was shy, Ms Pellow-Grant said.\n\n"
            "“He goes on to say that he thinks he has wasted his chances,” he said.")
    assert _speakers(text) == ["Coroner Richard Ames"]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param('BREAKING: "Moscow is not giving up its ambitions in Ukraine." #Ukraine',
                     id="newsroom tag"),
        pytest.param("JUST IN: “We do not see China as an adversary.”", id="two-word tag"),
        pytest.param("Claim: “NATO will include a network of nearly 600 innovation sites.”",
                     id="fact check's claim"),
        pytest.param("Thoughts on China: “We do not see China as an adversary.”",
                     id="a reader's topic"),
        pytest.param('2/4 On Bucha: "This is unbearable brutality that Europe has not witnessed '
                     'in many decades."', id="topic of a thread post"),
        pytest.param("4/4 And on China: “We see that China has been unwilling to condemn "
                     "Russia’s aggression.”", id="topic after and"),
        pytest.param("#Bucha: “This is unbearable brutality.”", id="hashtag"),
        pytest.param("NATO chief on Russia: “We must not underestimate Russia.”",
                     id="topic after an office"),
    ],
)
def test_a_tag_or_topic_before_a_colon_is_no_speaker(text: str) -> None:
    # Posts and headlines put a tag or a topic where a transcript puts a
    # speaker; read as one, "Bucha" or "BREAKING" made the quotation misattributed.
    assert _speakers(text) == [None]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param("Stoltenberg on #Bucha: “This is unbearable brutality.”", "Stoltenberg",
                     id="name on hashtag"),
        pytest.param("NATO chief Stoltenberg on Russia: “We must not underestimate Russia.”",
                     "Stoltenberg", id="office name on topic"),
        pytest.param("New Zealand: “We do not see China as an adversary.”", "New Zealand",
                     id="a name holding a tag word"),
    ],
)
def test_a_name_before_its_topic_and_a_colon_is_the_speaker(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker]


def test_an_office_and_the_firm_it_serves_is_no_speaker() -> None:
    text = ("“We remain clear-eyed about China,” a spokesman for NATO said. “Allies are "
            "determined to help,” the chief executive of Reuters said.")
    assert _speakers(text) == [None, None]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        pytest.param("“We now see a significant movement of troops away from Kyiv,”\n"
                     "Stoltenberg said at the news conference.", "Stoltenberg", id="name-said"),
        pytest.param("“We now see a significant movement of troops away from Kyiv,”\n"
                     "said Jens Stoltenberg.", "Jens Stoltenberg", id="said-name"),
        pytest.param("“We now see a significant movement of troops away from Kyiv,”\n\n"
                     "Stoltenberg said at the news conference.", None, id="blank-line-between"),
        pytest.param("“We now see a significant movement of troops away from Kyiv.”\n"
                     "Stoltenberg said at the news conference.", None, id="sentence-ended"),
    ],
)
def test_an_attribution_wrapped_onto_the_next_line_names_the_speaker(
    text: str, speaker: str | None
) -> None:
    # Hard-wrapped text (a PDF's, a wire's) puts the attribution on the line
    # after a quotation that ends its line with a comma: the speaker was unknown.
    assert _speakers(text) == [speaker]


def test_he_said_is_the_nearest_named_speaker_before() -> None:
    text = ("And Boris Johnson said “you have to have a bit of ambiguity about your response” "
            "“We would respond if he uses it”, he said, “The nature of the response would "
            "depend on the nature of the use.”")
    assert _speakers(text) == ["Boris Johnson", "Boris Johnson"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("“We want the manager to stay,” said striker Jim Hale. Tony Marsh echoed his "
                     "team-mate's sentiments. “I think all the boys are behind him,” he added.",
                     ["Jim Hale", "Tony Marsh"], id="X echoed ... he added"),
        pytest.param("Union spokesman Jeff Owen said: “Our protest is about jobs.” Piers Fell is a "
                     "benefit officer on the picket line in Cardiff. He said: “Most people have "
                     "stayed out.”", ["Jeff Owen", "Piers Fell"], id="X is ... He said"),
        pytest.param("“Ireland have a good pack,” said Castaignede. Despite praising the Irish he "
                     "claimed Wales had the upper hand. “They are awesome,” he added.",
                     ["Castaignede", "Castaignede"], id="a capitalised word opens it"),
        pytest.param("“It went fine,” Noel Gallagher said. With Meg after the birth were her "
                     "mother and Fran Cutler. “She looks like Meg,” he added.",
                     ["Noel Gallagher", "Noel Gallagher"], id="a phrase opens it"),
    ],
)
def test_he_said_after_a_sentence_a_name_opens_is_that_name(text: str,
                                                            found: list[str]) -> None:
    assert _speakers(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("Justice Minister Cathy Lowe has decided to drop the plans. The minister "
                     "said: “Better joint working will help.”", ["Cathy Lowe"],
                     id="role before the name"),
        pytest.param("Simon Hale, the Labs' managing director, called the closure sad. “It was "
                     "too long a recession,” the managing director added.", ["Simon Hale"],
                     id="role after the name"),
        pytest.param("Union spokesman Jeff Owen warned of job losses. “We will fight on,” said the "
                     "spokesman.", ["Jeff Owen"], id="said the role"),
        pytest.param("Tony Blair spoke after Deputy Prime Minister John Prescott. “You don't do "
                     "deals,” the prime minister told the BBC.", [None], id="another office"),
        pytest.param("Simon Lyle said the band were not trying to change their sound. “We "
                     "would not want to lose them,” the singer said.", ["Simon Lyle"],
                     id="a role no name holds: whom the sentence before reports"),
    ],
)
def test_the_role_said_is_the_name_the_text_gives_that_role(
        text: str, found: list[str | None]) -> None:
    assert _speakers(text) == found


def test_he_said_ending_the_sentence_of_a_quotation_is_the_nearest_speaker() -> None:
    text = ("Mr Evans said the figures were poor. Price rises, which “are no indication of "
            "broad pressure”, were behind the increase, he said.")
    assert _speakers(text) == ["Mr Evans"]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("Harbour Lights singer Chester Bolland described their prize as “quite an "
                     "honour” while Muse said their win was “a real surprise for us”.",
                     ["Chester Bolland", "Muse"], id="X described ... as “A”"),
        pytest.param("Tory leader Michael Howard accused the two men of “squabbling like "
                     "schoolboys”.", ["Michael Howard"], id="X accused ... of “A”"),
        pytest.param("Lawyers for the convicted killer Myra Hollis accused the home secretary of "
                     "“inhuman and degrading punishment”.", [None],
                     id="a name after a preposition"),
    ],
)
def test_a_verb_that_characterises_names_its_subject_for_a_quotation_after_it(
        text: str, found: list[str | None]) -> None:
    assert _speakers(text) == found


def test_he_said_is_never_someone_a_reported_clause_is_about() -> None:
    # "said Mary Hale was ...": Mary Hale is what the judge spoke about.
    text = ("Sentencing them, the judge said Mary Hale was the driving force behind the plot."
            "\n\n“Of the two of you, you are the stronger character,” he said.")
    assert _speakers(text) == [None]
    text = "Stoltenberg said Zelensky had asked for more.\n\n“We will help,” he said."
    assert _speakers(text) == ["Stoltenberg"]


def test_he_said_is_never_a_name_with_a_title_of_the_other_sex() -> None:
    text = ("Ken Jones said the car had jumped the red light. Miss Evans, prosecuting, told the "
            "jury it was a very fast incident.\n\nHe said: “I got about halfway across when I "
            "felt this car.”")
    assert _speakers(text) == ["Ken Jones"]
    text = ("Mr Paton told her that her trouser suit was not formal enough.\n\nShe told "
            "the hearing that “the business of climbing ladders in a skirt” was a worry.")
    assert _speakers(text) == [None]


def test_she_said_is_never_a_name_the_text_calls_he() -> None:
    text = ("David Jessel said the campaign had taken six years. He thanked the lawyers.\n\n"
            "As she left the court, Ms Dorran wept. Asked how she felt, she said: "
            "“I'm free.”")
    assert _speakers(text) == [None]
    # Where the text gives no pronoun, or both, a name without a title may be either.
    text = text.replace(" He thanked", " The team thanked")
    assert _speakers(text) == ["David Jessel"]
    # A phrase may open the sentence before the name.
    text = ("Yesterday at Durham Crown Court, Barlow, of Hexthorpe, Leeds, admitted 11 "
            "offences. He will be sentenced today.\n\nAt the time of the search she told "
            "reporters: “It was freezing cold.”")
    assert _speakers(text) == [None]
    text = ("David Jessel said the campaign had taken six years. He thanked the lawyers.\n\n"
            "Rosamund Hartley-Bright QC, prosecuting, told the jury the case was clear. She "
            "said: “Mr Marsden lay in wait.”")
    assert _speakers(text) == ["Rosamund Hartley-Bright QC"]


def test_an_attribution_that_introduces_the_next_quotation_is_not_the_questions() -> None:
    text = ("Desmond Brennan, QC, for Mr Harwood, asked Mr Farooq: 'Did you not say that "
            "the minister had planned the whole affair?' Mr Farooq responded: 'I am "
            "entitled to say what I think.'")
    assert _speakers(text) == ["Desmond Brennan", "Mr Farooq"]
    # After a comma the attribution is the quotation's, colon or not.
    text = "“I am the father,” Mr Browne said: “I know exactly what my son did.”"
    assert _speakers(text) == ["Mr Browne"]


def test_he_said_is_never_whom_someone_told() -> None:
    # "told Newport Crown Court": a court report's listener, never the speaker.
    text = ("Mr Tanner told Newport Crown Court that his parents neglected him. “I would get "
            "up in the morning and find nothing to eat,” he added.")
    assert _speakers(text) == ["Mr Tanner"]
    text = ("The judge told Lee that his attack had been savage. “You are a lethally "
            "dangerous man,” he said.")
    assert _speakers(text) == [None]
    text = ("Mr Tanner, who is now 6ft 1in, told Newport Crown Court that his parents "
            "neglected him. “I would get up in the morning and find nothing to eat,” he added.")
    assert _speakers(text) == ["Mr Tanner"]


def test_he_said_is_never_someone_named_inside_a_quotation() -> None:
    text = ("Stoltenberg said: “We stand with the people of Ukraine, as President Zelensky "
            "said himself.”\n\nAfter the meeting he said: “Allies are determined to help.”")
    assert _speakers(text) == ["Stoltenberg", "Stoltenberg"]


def test_unattributed_quotation_paragraph_continues_the_previous_speaker() -> None:
    text = ("“Nato will also look to provide cybersecurity assistance,” Stoltenberg said.\n\n"
            "“I expect we will also decide to do more for Nato’s other partners.”\n\n"
            "The Nato foreign ministers will be joined by their counterparts.\n\n"
            "Officials described the mood as “tense”.")
    assert _speakers(text) == ["Stoltenberg", "Stoltenberg", None]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("Union spokesman Tom Hale said: \"We will not accept these cuts. \"Our "
                     "members have been clear about that.\" Talks resume on Monday.",
                     ["Tom Hale", "Tom Hale"], id="the first paragraph left open"),
        pytest.param("\"We will not accept these cuts,\" Tom Hale said. \"Our members are clear.\" "
                     "\"The ballot was for one day's action.\"", ["Tom Hale"] * 3,
                     id="the paragraph break lost"),
        pytest.param("Mary Perrin said: 'The next thing I saw was the driver running to his van. "
                     "I heard the lad shout to his friend 'I've been hit'. The van was "
                     "pulling away.'", ["Mary Perrin", None], id="not what a quotation reports"),
    ],
)
def test_quotation_right_after_a_sentence_of_quotation_continues_it(
        text: str, found: list[str | None]) -> None:
    assert _speakers(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("Mr Bolz said games firms had to work more closely with celebrities. “People "
                     "will want to play games if their heroes are in them.”", ["Mr Bolz"],
                     id="X said ... . “A.”"),
        pytest.param("“It went well,” Anna Reid said. Mr Florin said the challenge was to keep "
                     "people playing. “Thirty-year-olds still want to play games.”",
                     ["Anna Reid", "Mr Florin"], id="not the quotation before's"),
        pytest.param("Mr Garside said that Mr Vance said it would be easy. “I was "
                     "flabbergasted.”", ["Mr Garside"], id="the first who said"),
        pytest.param("He said Guscott continued to push him against the window. “I was "
                     "terrified.”", [None], id="not whom 'he said' reports"),
        pytest.param("After the operation at the University Hospital, Cardiff, she was doing "
                     "well, said Mr Simpson. “She asked me about a comeback.”", ["Mr Simpson"],
                     id="a place, then a clause: no description"),
    ],
)
def test_quotation_after_a_sentence_reporting_a_speaker_is_theirs(
        text: str, found: list[str | None]) -> None:
    assert _speakers(text) == found


def test_quotation_attributed_to_no_name_does_not_continue_the_previous_speaker() -> None:
    text = ("“We will stand with Ukraine for as long as it takes,” Biden said.\n\n"
            "“Targeting and murdering civilians is a war crime,” the NATO Secretary General "
            "said.\n\n“So fundamentally, NATO Allies have to do two things,” the NATO chief "
            "said.")
    assert _speakers(text) == ["Biden", "NATO Secretary General", None]


def test_quotation_opening_the_sentence_after_an_attribution_goes_on_from_it() -> None:
    text = ("“Today marks 75 years since NATO’s founding,” Stoltenberg said. “Since 1949, we "
            "have been the strongest Alliance in history.” He added that he and Macron also "
            "“presented our position” to China. In their statement, the leaders called on "
            "China “to uphold the international order”.")
    assert _speakers(text) == ["Stoltenberg", "Stoltenberg", "Stoltenberg", None]  # he added


def test_quotation_with_no_named_speaker_is_unknown() -> None:
    text = ("Underlining its resolution, the organisation issued a statement saying “we will "
            "continue to take all necessary steps”.")
    assert _speakers(text) == [None]


def test_turns_of_a_transcript_with_labels() -> None:
    text = input_path("004").read_text(encoding="utf-8")
    found = turns(text, TITLE_004)
    assert found[0].start == 0
    assert "Today marks 75 years since NATO’s founding." in text[found[0].start : found[0].end]
    assert found[0].identity == "NATO Secretary General Jens Stoltenberg"
    gray = [t for t in found if t.speaker == "Andrew Gray (Reuters)"]
    assert len(gray) == 1
    assert "Can you tell us concretely" in text[gray[0].start : gray[0].end]
    roles = {t.speaker: t.identity for t in found}
    assert roles["NATO Secretary General"] == "NATO Secretary General Jens Stoltenberg"
    assert roles["NATO Spokesperson"] == "NATO Spokesperson Farah Dakhlallah"
    # An affiliation of 42 characters: the journalist's question is his own turn.
    shkurko = "Dmytro Shkurko (National News Agency of Ukraine, Ukrinform)"
    assert len([t for t in found if t.speaker == shkurko]) == 2
    assert all(a.end <= b.start for a, b in zip(found, found[1:], strict=False))


def test_without_a_title_the_transcripts_own_title_line_binds_an_office_to_its_holder() -> None:
    text = input_path("000").read_text(encoding="utf-8")
    holder = "NATO Secretary General Jens Stoltenberg"
    assert {t.identity for t in turns(text, None) if t.speaker} == {holder}
    assert [t.identity for t in turns(input_path("003").read_text(encoding="utf-8"))] == [holder]
    # A title that names someone is the manifest's word, and wins.
    assert turns(text, "Talk by Mark Rutte")[0].identity == "Mark Rutte"


@pytest.mark.parametrize("header", [
    "A speech by Boris Johnson yesterday drew criticism from his own party.",  # a story's lead
    "By Jane Doe, Reuters\nThe minister said the plan would go ahead.",       # a byline
    "Interview by Andrew Gray with the Secretary General",                     # the asker
    "Photo by Kyiv Independent\nPress release",                               # a credit
    "\n".join(["Some line."] * 10) + "\nStatement by Jens Stoltenberg",        # past the header
])
def test_a_line_that_is_no_title_names_no_speaker(header: str) -> None:
    assert header_speaker(header) is None


@pytest.mark.parametrize(("line", "name"), [
    ("Opening remarks by NATO Secretary General Jens Stoltenberg at the summit", "NATO Secretary "
     "General Jens Stoltenberg"),
    ("Statement by Scott Gray, Civic League of Greater Fairview", "Scott Gray"),
    ("  Keynote speech by President Zelensky to the European Parliament", "President Zelensky"),
])
def test_a_title_line_names_its_speaker(line: str, name: str) -> None:
    assert header_speaker(f"NATO - Press release\n\n{line}\n\nGood afternoon.") == name


def test_a_dialogues_answer_opened_by_a_name_and_a_verb_is_a_turn_of_its_own() -> None:
    # Agency copy of a court's exchanges: a label for the question, "X replied:" for the answer.
    text = ("Mr Brennan: ``Did you not say that the affair was planned?''\n"
            "Mr Al Farooq replied: ``I am entitled to say what I think.''\n"
            "Mr Brennan: ``Is that true?''\n")
    found = turns(text, None)
    assert [t.speaker for t in found] == ["Mr Brennan", "Mr Al Farooq", "Mr Brennan"]
    assert text[found[1].start : found[1].end].strip() == "``I am entitled to say what I think.''"
    # Without labels, a record quotes its speakers itself: no turns.
    assert [t.speaker for t in turns(text.replace("Mr Brennan:", "He asked:"), None)] == [None]


def test_a_programmes_title_before_a_name_and_a_colon_is_no_label() -> None:
    text = ("Face To Face With Anna Hale: Tom Jones: A Voice For Life was recorded in "
            "Wales.\nSir Tom talked about his early years.\n``Honestly, I should have "
            "stopped,'' he said.\n")
    assert [t.speaker for t in turns(text, None)] == [None]


@pytest.mark.parametrize("name", ["Кетеван Кардава", "Ørjan Ødegård", "Émile Ésope"])
def test_a_label_may_open_with_any_scripts_capital(name: str) -> None:
    text = input_path("004").read_text(encoding="utf-8").replace("Ketevan Kardava", name)
    found = turns(text, TITLE_004)
    (asked,) = [t for t in found if t.speaker == f"{name} (IMEDI TV)"]
    assert f"{name}. A question" in text[asked.start : asked.end]


def _timed(text: str, stamp: str) -> str:
    """``text`` with a time code (``stamp`` % its minute) put to each line's label, as
    transcription services export a transcript (``[00:01:23] Andrew Gray (Reuters):``)."""
    lines = text.split("\n")
    for number, line in enumerate(lines):
        name, colon, words = line.partition(": ")
        if colon and name[:1].isupper() and len(name) < 70:
            time = f"{number // 60:02d}:{number % 60:02d}:05"
            lines[number] = stamp.format(name=name, time=time) + ": " + words
    return "\n".join(lines)


@pytest.mark.parametrize("stamp", [
    pytest.param("[{time}] {name}", id="bracketed-before"),
    pytest.param("{time} {name}", id="bare-before"),
    pytest.param("({time}) {name}", id="parenthesised-before"),
    pytest.param("{time} - {name}", id="dash-before"),
    pytest.param("{name} ({time})", id="parenthesised-after"),
    pytest.param("{name} [{time}]", id="bracketed-after"),
])
def test_a_time_code_beside_a_label_is_no_part_of_it(stamp: str) -> None:
    text = input_path("004").read_text(encoding="utf-8")
    plain = turns(text, TITLE_004)
    found = turns(_timed(text, stamp), TITLE_004)
    assert [(t.speaker, t.identity) for t in found] == [(t.speaker, t.identity) for t in plain]
    gray = [t for t in found if t.speaker == "Andrew Gray (Reuters)"]
    assert "Can you tell us concretely" in _timed(text, stamp)[gray[0].start : gray[0].end]


def test_a_broadcast_transcripts_description_after_a_name_is_no_part_of_it() -> None:
    text = ("WOLF BLITZER, CNN ANCHOR: Joining us now, the NATO secretary general.\n"
            "JENS STOLTENBERG, NATO SECRETARY GENERAL: Thank you so much for having me.\n"
            "SEN. LINDSEY GRAHAM (R-SC), CHAIRMAN: A question.\n"
            "BLITZER: Will allies send more Patriots?\n"
            "STOLTENBERG: Allies understand the urgency.\n")
    found = turns(text, None)
    assert [t.speaker for t in found] == ["WOLF BLITZER", "JENS STOLTENBERG",
                                          "SEN. LINDSEY GRAHAM (R-SC)", "BLITZER", "STOLTENBERG"]
    assert [t.identity for t in found][3:] == ["WOLF BLITZER", "JENS STOLTENBERG"]
    assert turns("Andrew Gray, Reuters: A question.\n", None)[0].speaker is None


def test_numbered_unnamed_speakers_are_labels() -> None:
    text = "Speaker 1 (00:05):\nThank you.\nSpeaker 2 (00:11):\nA question?\n"
    assert [t.speaker for t in turns(text, TITLE_004)] == ["Speaker 1", "Speaker 2"]


_HANSARD = (
    "Sir Keir Starmer (Holborn and St Pancras) (Lab): Sanctions must be tough enough to bite.\n"
    "The Prime Minister (Boris Johnson): We will continue to supply defensive weapons.\n"
    "Sir Keir Starmer: Will he close the loopholes?\n"
    "The Prime Minister: We have already sanctioned more than 100 individuals.\n"
    "Madam Deputy Speaker (Dame Eleanor Laing): Order.\n"
)


def test_a_parliamentary_records_office_names_its_holder_in_brackets() -> None:
    found = turns(_HANSARD, "House of Commons, Prime Minister's Questions")
    identities = [t.identity for t in found]
    assert identities == [
        "Sir Keir Starmer (Holborn and St Pancras) (Lab)",
        "The Prime Minister (Boris Johnson)",
        "Sir Keir Starmer (Holborn and St Pancras) (Lab)",
        "The Prime Minister (Boris Johnson)",
        "Madam Deputy Speaker (Dame Eleanor Laing)",
    ]
    assert same_speaker("Mr Johnson", identities[1])
    assert same_speaker("Prime Minister", identities[1])
    assert not same_speaker("Sir Keir", identities[1])


@pytest.mark.parametrize(("label", "words"), [
    pytest.param("Dan Michaels (The Wall Street Journal)", ["dan", "michaels"], id="outlet"),
    pytest.param("Q (Associated Press)", ["q"], id="questioners-outlet"),
    pytest.param("NATO Spokesperson (Brussels)", ["nato", "spokesperson"], id="place"),
])
def test_an_affiliation_in_brackets_is_no_name(label: str, words: list[str]) -> None:
    assert name_words(label) == words


def test_an_office_no_name_fills_is_an_unknown_speaker() -> None:
    text = input_path("004").read_text(encoding="utf-8")
    found = turns(text.replace(" Jens Stoltenberg:", ":"), None)
    roles = {t.speaker: t.identity for t in found}
    assert roles["NATO Secretary General"] is None
    assert roles["NATO Spokesperson"] == "NATO Spokesperson Farah Dakhlallah"
    capitals = turns(text.replace("Andrew Gray (Reuters):", "ANDREW GRAY:"), None)
    assert "ANDREW GRAY" in {t.identity for t in capitals}


def test_a_name_wrapped_after_its_title_is_no_label() -> None:
    # Hard-wrapped agency copy: "Mr" ends a line, the name and a colon open the next.
    text = ("The Secretary General said Allies had been asked by a reporter, Mr\n"
            "Gray: “Will Allies send more weapons?”\n"
            "He said: “Allies are determined to provide further support to Ukraine.”\n")
    assert [t.speaker for t in turns(text, TITLE_004)] == [
        "NATO Secretary General Jens Stoltenberg"
    ]


def test_transcript_without_labels_is_one_turn_of_the_title_speaker() -> None:
    text = input_path("003").read_text(encoding="utf-8")
    (turn,) = turns(text, "Press conference by NATO Secretary General Jens Stoltenberg following")
    assert (turn.start, turn.end, turn.speaker) == (0, len(text),
                                                   "NATO Secretary General Jens Stoltenberg")


def test_transcript_without_labels_or_title_has_an_unknown_speaker() -> None:
    text = input_path("003").read_text(encoding="utf-8")
    (turn,) = turns(text.replace("Press conference by", "Press conference of"), None)
    assert turn.speaker is None


@pytest.mark.parametrize("field", ["Date: 4 April 2024", "Location: NATO Headquarters, Brussels",
                                   "Source: NATO Multimedia", "Last updated: 05 Apr. 2024",
                                   "Language: en"])
def test_a_headers_field_is_no_speaker_label(field: str) -> None:
    text = input_path("004").read_text(encoding="utf-8")
    headed = text.replace("(As delivered)", f"(As delivered)\n{field}", 1)
    first = turns(headed, TITLE_004)[0]
    assert first.identity == "NATO Secretary General Jens Stoltenberg"
    assert "Today marks 75 years" in headed[first.start : first.end]


def test_label_after_a_header_makes_the_rest_its_turn() -> None:
    text = input_path("000").read_text(encoding="utf-8")
    found = turns(text, "Press conference by NATO Secretary General Jens Stoltenberg ahead of")
    body = [t for t in found if "Targeting and murdering" in text[t.start : t.end]]
    assert [t.speaker for t in body] == ["NATO Secretary General"]


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        ("Stoltenberg", "NATO Secretary General Jens Stoltenberg", True),
        ("Mr Stoltenberg", "Jens Stoltenberg", True),
        ("NATO Secretary General", "NATO Secretary General Jens Stoltenberg", True),
        ("Stoltenberg", "Andrew Gray (Reuters)", False),
        ("Boris Johnson", "NATO Secretary General Jens Stoltenberg", False),
        ("Mr Biden", None, True),
    ],
)
def test_same_speaker(first: str, second: str | None, same: bool) -> None:
    assert same_speaker(first, second) is same
    assert same_speaker(second, first) is same


def test_title_speaker() -> None:
    assert title_speaker(TITLE_004) == "NATO Secretary General Jens Stoltenberg"
    assert title_speaker("News snippets from many outlets") is None


# An interview as agencies print it, and a White House briefing (answers
# labelled by name, questions by a Q set off with spaces); the words are
# the 4 April 2024 press conference's (inputs/004).
INTERVIEW = (
    "Q. Will Allies provide more air defence to Ukraine?\n"
    "A. Allies are determined to provide further support to Ukraine.\n"
    "Q. And what about Sweden?\n"
    "A. We will welcome Sweden as our newest Ally.\n"
)
BRIEFING = (
    "THE PRESIDENT:  Good afternoon.\n"
    "Q    Mr. President, will Allies provide more air defence to Ukraine?\n"
    "THE PRESIDENT:  Allies are determined to provide further support to Ukraine.\n"
    "Q    And what about Sweden?\n"
    "THE PRESIDENT:  We will welcome Sweden as our newest Ally.\n"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(INTERVIEW, [
            ("Q", "Will Allies provide more air defence to Ukraine?"),
            ("A", "Allies are determined to provide further support to Ukraine."),
            ("Q", "And what about Sweden?"),
            ("A", "We will welcome Sweden as our newest Ally."),
        ], id="q-dot-a-dot"),
        pytest.param(BRIEFING, [
            ("THE PRESIDENT", "Good afternoon."),
            ("Q", "Mr. President, will Allies provide more air defence to Ukraine?"),
            ("THE PRESIDENT", "Allies are determined to provide further support to Ukraine."),
            ("Q", "And what about Sweden?"),
            ("THE PRESIDENT", "We will welcome Sweden as our newest Ally."),
        ], id="white-house-q"),
    ],
)
def test_interview_labels_without_a_colon_start_turns(
    text: str, expected: list[tuple[str, str]]
) -> None:
    found = [(turn.speaker, text[turn.start:turn.end].strip()) for turn in turns(text)]
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("The ministers agreed two points.\nA. Allies will send more air defence.\n"
                     "B. Sweden will join.\nQ. Was Hungary there? No.\n", id="lettered-list"),
        pytest.param("Allies met on Thursday.\nA. Smith said Allies agreed.\n", id="initial"),
        pytest.param("Allies met on Thursday.\nQ. Smith asked about Sweden.\n", id="one-q"),
    ],
)
def test_a_line_opening_with_a_or_q_and_a_full_stop_is_no_label_alone(text: str) -> None:
    assert [turn.speaker for turn in turns(text, "Remarks by Jens Stoltenberg")] == [
        "Jens Stoltenberg"]


def _broadcast_captions(cues: list[str]) -> str:
    """``cues`` as a WebVTT file read by ingest: the cue timings are blanks between the words."""
    from dedup.ingest.captions import caption_text

    return caption_text("WEBVTT\n\n" + "".join(
        f"00:00:{2 * n:02d}.000 --> 00:00:{2 * n + 1:02d}.000 align:start position:0% line:85%\n"
        f"{cue}\n\n" for n, cue in enumerate(cues, start=1)), ".vtt")


@pytest.mark.parametrize(
    "cues",
    [
        pytest.param(["The alliance is changing its assessment.", "“We now see a significant",
                      "movement of troops away from Kyiv,”", "Stoltenberg", "said in Brussels."],
                     id="name-and-verb-in-later-cues"),
        pytest.param(["“We now see a significant movement of troops away from Kyiv,”",
                      "Stoltenberg said", "after the meeting.", "“All the facts",
                      "must be established.”"],
                     id="quotation-going-on"),
    ],
)
def test_the_blanks_of_caption_timings_are_no_distance_to_the_speaker(cues: list[str]) -> None:
    text = _broadcast_captions(cues)
    found = speakers(text, extract(text))
    assert found and found == ["Stoltenberg"] * len(found)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        pytest.param("Jens Stoltenberg said on Tuesday: “I told the minister that President "
                     "Zelensky said to me ‘we need more air defence before the winter’ and I "
                     "agreed.”", ["Jens Stoltenberg", "Zelensky"], id="named-in-the-outer-words"),
        pytest.param("A diplomat said: “Stoltenberg told us ‘we will not retreat from our "
                     "commitment’ and we believed him.”", [None, "Stoltenberg"],
                     id="outer-speaker-unknown"),
        # The whole of a name, not its last letters: "BBC", not "C".
        pytest.param("Edmonds said: “When the BBC told me ‘you are off the show from tonight’ I "
                     "left.”", ["Edmonds", "BBC"], id="a-whole-name"),
        # The outer speaker saying they said it, nearer than any name: theirs.
        pytest.param("Edmonds said: “If the BBC asked me tomorrow, I would have to say, ‘I "
                     "don't think you have the resources to make it happen’.”",
                     ["Edmonds", "Edmonds"], id="said-by-the-outer-speaker"),
        pytest.param("Edmonds said: “I’d say to them ‘you don't have the resources to make it "
                     "happen’ and leave.”", ["Edmonds", "Edmonds"], id="contracted"),
        pytest.param("A diplomat said: “We told them ‘we will not retreat from our "
                     "commitment’ and they believed us.”", [None, None],
                     id="said-by-an-unknown-outer-speaker"),
        # A quotation paragraph after one that holds a quotation within goes on
        # with the outer speaker's words, not the inner speaker's.
        pytest.param("Edmonds said: “When the BBC told me ‘you are off the show from tonight’ "
                     "I left.”\n\n“It was the worst day of my working life.”",
                     ["Edmonds", "BBC", "Edmonds"], id="next-paragraph-goes-on-with-the-outer"),
        # The attribution after the outer quotation is the outer speaker's, also
        # where the quotation within ends it.
        pytest.param("Mr Tanner told the court that his parents would shout at him.\n\n"
                     "'My name in the house was \"lazy useless lump\",' he added. 'I would "
                     "get up in the morning and find nothing to eat.'",
                     ["Mr Tanner", None, "Mr Tanner"], id="attribution-after-the-outer"),
        pytest.param("“The BBC told me ‘you are off the show from tonight’,” Edmonds said. "
                     "“It was the worst day of my working life.”",
                     ["Edmonds", "BBC", "Edmonds"], id="name-after-the-outer"),
        # A name nearer than the outer speaker's saying: the name's.
        pytest.param("Edmonds said: “I told them that the BBC said ‘you are off the show from "
                     "tonight’ and left.”", ["Edmonds", "BBC"], id="named-after-the-self"),
        # Another subject after the outer speaker's saying: not the outer speaker.
        pytest.param("Noel said: “When I told Liam he just shouted very loudly, ‘that is the "
                     "best news all year’.”", ["Noel", None], id="another-subject-after-the-self"),
        # Someone else's saying, and no one named: not the outer speaker.
        pytest.param("Edmonds said: “If they asked me tomorrow, I think they would say, ‘we "
                     "don't have the resources to make it happen’.”",
                     ["Edmonds", None], id="no-name-within"),
    ],
)
def test_a_quotation_within_a_quotation_is_the_speaker_its_words_name(
        text: str, found: list[str | None]) -> None:
    assert _speakers(text) == found


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Mr Stoltenberg, who paused to look at the photographs behind him, turned and "
                 "added", True, id="narration"),
    pytest.param("She told the court", True, id="verb-and-object"),
    pytest.param("Adding that the Allies had not yet agreed on new sanctions, Mr Stoltenberg "
                 "went on", False, id="reported-speech"),
    pytest.param("I have a great deal of support, I get thousands of letters. He added", False,
                 id="the-speakers-own-words"),
    pytest.param("Ministers will meet on Wednesday in Brussels to discuss the war", False,
                 id="no-verb-of-saying-at-the-end"),
])
def test_a_narration_introduces_a_quotation_when_it_ends_with_a_verb_of_saying(
        text: str, expected: bool) -> None:
    assert introduces(text) is expected


QUOTED = "“We now see a significant movement of troops away from Kyiv,” he said."


@pytest.mark.parametrize("between", [
    "He warned that Russia was regrouping. ",
    "He warned that Russia was regrouping.\n\nHe spoke of the Allies' resolve.\n\n",
])
def test_he_stands_for_the_name_a_chain_of_sentences_about_him_began_with(between: str) -> None:
    # The sentences between the name and the quotation open with "He": the
    # subject of the one before them is whom "he said" names. Before, only
    # the sentence just before was read, and the speaker was unknown.
    text = f"NATO chief Jens Stoltenberg spoke in Brussels. {between}{QUOTED}"
    assert _speakers(text) == ["Jens Stoltenberg"]


@pytest.mark.parametrize("between", [
    "She warned that Russia was regrouping. ",  # another person
    "He warned of a new offensive. He met the ministers. He left. ",  # too far to be sure
])
def test_a_chain_broken_or_too_long_names_no_one(between: str) -> None:
    text = f"NATO chief Jens Stoltenberg spoke in Brussels. {between}{QUOTED}"
    assert _speakers(text) == [None]


@pytest.mark.parametrize(("text", "speaker"), [
    ("Stoltenberg and Blinken said in a joint statement: “Allies are united.”",
     "Stoltenberg and Blinken"),
    ("Britain, France and Germany said: “Allies are united.”", "Britain and France and Germany"),
    ("After meeting Scholz and Macron, Stoltenberg said: “Allies are united.”", "Stoltenberg"),
])
def test_names_joined_by_and_before_the_verb_all_said_it(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker]
    assert same_speaker(speaker, speaker.split(" and ")[-1])
    assert not same_speaker(speaker, "Sergei Lavrov")


def test_the_name_right_before_the_quotation_says_it_not_one_earlier_in_the_sentence() -> None:
    # The first name with a verb of saying in the sentence won, though
    # another introduced the quotation: the words were given to Stoltenberg.
    text = ("While Stoltenberg told reporters the Allies were united against the invasion, "
            "Blinken said: “We agree with every word.”")
    assert _speakers(text) == ["Blinken"]


def test_a_topic_after_of_is_no_speaker() -> None:
    text = ("The lawyer said of the death of Lady Caroline: “Did you not say that it was "
            "planned?”")
    assert _speakers(text) == [None]




def test_a_reporters_words_between_a_dialogues_quotations_are_no_speakers_turn() -> None:
    # Agency copy of a court's exchanges: before, the reporter's paragraph
    # ("The lawyer suggested ...") was Mr Hale's turn, and a paper quoting the
    # lawyer's words was misattributed; "told him:" opened no turn; a line
    # cut after "said of" was a label, "Hale:".
    found = [(t.speaker, COURT[t.start:t.end].split("``")[-1][:12]) for t in turns(COURT)]
    assert found == [
        ("Mr Grant", "Did you not "),
        ("Mr Hale", "I told him w"),
        (None, "invention fr"),
        ("Mr Hale", "I stand by e"),  # "He added" goes on with the turn before
        (None, "He should re"),  # the brother's words, not Hale's
    ]


@pytest.mark.parametrize("text", [
    "The British Bankers Association (BBA) said: “Rates will rise before the summer.”",
    "“Rates will rise before the summer,” the British Bankers Association (BBA) said.",
])
def test_a_bodys_short_form_in_brackets_leaves_it_the_speaker(text: str) -> None:
    assert _speakers(text) == ["British Bankers Association"]


def test_two_speakers_of_one_sentence_each_say_their_own_words() -> None:
    # The first name of the sentence was given both quotations.
    text = ("Tom Reid said the plan was “bold and overdue” while Anna Cole said it was "
            "“reckless and far too costly” for the town.")
    assert _speakers(text) == ["Tom Reid", "Anna Cole"]


@pytest.mark.parametrize("between", ["yesterday", "later", "however", "then", "has",
                                     "last night", "also"])
def test_an_adverb_or_has_between_the_name_and_its_verb_leaves_the_speaker(between: str) -> None:
    text = f"Mr Stoltenberg {between} said: “Allies are united and will stay so.”"
    assert _speakers(text) == ["Mr Stoltenberg"]


def test_she_is_the_woman_the_text_titles_so_before_a_man_it_does_not_say_is_one() -> None:
    # "Guscott later told police" became a mention of someone who said
    # something, nearer than Ms Evans: "She told the jury" was his.
    text = ("Susan Evans, prosecuting, opened the case. Ms Evans said Guscott later told police "
            "he had felt threatened. She told the jury: “You must put aside any emotions "
            "you may have.”")
    assert _speakers(text) == ["Ms Evans"]


@pytest.mark.parametrize(("text", "at", "start"), [
    pytest.param("\n“We will not give way.”", 1, 1, id="a line break first"),
    pytest.param("He was jailed. “We will not give way.”", 15, 15, id="after a full stop"),
    pytest.param("“We will not give way.”", 0, 0, id="the text's start"),
])
def test_a_sentence_starts_after_a_line_break_at_the_texts_start(text: str, at: int,
                                                                  start: int) -> None:
    # The walk back never looked at the first character: a text opening with a
    # blank line had its first sentence start at 0, on the line break.
    assert sentence_start(text, at) == start


def _sentence_start_by_walking(text: str, at: int, low: int = 0) -> int:
    # The walk back ``sentence_start`` was, one character at a time.
    for index in range(at - 1, low - 1, -1):
        if text[index] == "\n" or (index and text[index].isspace() and text[index - 1] in ".!?"):
            return index + 1
    return low


@given(st.text(alphabet=st.sampled_from(list("a .!?\n\t\r\u00a0\u2029\x1c“")), max_size=14),
       st.data())
def test_sentence_start_is_where_the_walk_back_stopped(text: str, data: st.DataObject) -> None:
    at = data.draw(st.integers(0, len(text)))
    low = data.draw(st.integers(0, at))
    assert sentence_start(text, at, low) == _sentence_start_by_walking(text, at, low)


def test_a_long_line_of_quotations_finds_each_speaker() -> None:
    # Each quotation with no speaker of its own walked back to its line's
    # start, over every quotation before it: 2,000 on a line of 39,000
    # characters took 6.6 s, and this line is twice as long.
    quoted = " ".join(f"“we tried {number}” and" for number in range(4_000))
    found = _speakers(f"Ms Okafor spoke first. {quoted} then Mr Lindqvist said “we did not”.")
    assert len(found) == 4_001
    assert found[-1] == "Mr Lindqvist"
    assert found[:3] == [None] * 3  # no one says them: Ms Okafor "spoke", said nothing


def test_a_line_of_capitals_is_read_in_one_pass() -> None:
    # A name was read from each capitalised word to the line's end, and
    # given back word by word to look for a verb: 2,000 words of capitals
    # took 6 s, 20,000 would take ten minutes.
    capitals = " ".join(["A.", "WORD", "Of", "CAPTION"] * 5_000)
    text = f"{capitals}\nMr Tremlett said: “We will appeal.”"
    assert mentions(text) == [(len(capitals) + 1, "Mr Tremlett")]


def test_a_long_name_is_read_whole() -> None:
    # Names are read up to 16 words: one of a foundation's nine is whole.
    text = "Anna Maria Okafor of the Daniel Okafor Memorial Trust said: “It matters.”"
    assert mentions(text) == [(0, "Anna Maria Okafor of the Daniel Okafor Memorial Trust")]


@pytest.mark.parametrize(("text", "speaker"), [
    pytest.param("Mr Aldous said their silence was telling. He went on: “Their silence speaks "
                 "for itself.”", "Mr Aldous", id="he went on colon"),
    pytest.param("Opening the case, Clare Whitby said the driver was angry. But she went on: "
                 "“Mr Lane posed no threat to him.”", "Clare Whitby", id="but she went on"),
    pytest.param("“Their silence speaks for itself,” Mr Aldous went on.", "Mr Aldous",
                 id="X went on after"),
])
def test_went_on_is_a_verb_of_saying(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker]


def test_went_on_to_do_something_is_no_saying() -> None:
    # Someone who "went on to" do something said nothing, and is no one a
    # later "he said" may stand for by having said something.
    assert mentions("Dr Penrose went on to work in Canada.") == []
    assert mentions("Dr Penrose went on: “The staff worked very hard.”") == [(0, "Dr Penrose")]


@pytest.mark.parametrize(("text", "speaker"), [
    pytest.param("“The minister is back in the Cabinet,” observed Mr Ferris.", "Mr Ferris",
                 id="observed X"),
    pytest.param("“A man,” Ms Tull observed to Dawes, “might start to wonder.”", "Ms Tull",
                 id="X observed to"),
    pytest.param("In police interviews Mrs Garner confessed to her part, telling detectives: "
                 "“I gave him the keys.”", "Mrs Garner", id="X confessed"),
    pytest.param("Hollis allegedly told police when he was interviewed: “They will never find "
                 "the money.”", "Hollis", id="X allegedly told"),
])
def test_observed_confessed_and_allegedly_said_name_the_speaker(text: str, speaker: str) -> None:
    # As court copy reports what a witness or defendant is said to have said.
    assert _speakers(text)[0] == speaker


@pytest.mark.parametrize(("text", "speaker"), [
    pytest.param("Lucy Barrow, economist at Harlow Capital said: “The figures are a blow.”",
                 "Lucy Barrow", id="X, description at firm said"),
    pytest.param("Alan Tozer, Labour MP for Wells and Frome said the minister had been “trying "
                 "very hard”.", "Alan Tozer", id="X, MP for A and B said"),
    pytest.param("A spokesman for Halford Foods said: “We are pleased with the result.”",
                 "Halford Foods", id="a spokesman for a firm stays the firm's"),
])
def test_a_description_left_open_before_the_verb_is_its_persons(text: str, speaker: str) -> None:
    # BBC copy often leaves out the comma that closes a description: the
    # firm or seat in it was read as the speaker.
    assert _speakers(text) == [speaker]


@pytest.mark.parametrize("text", [
    pytest.param("In a statement, a prisoner in Kestrel Prison said: “I hope the court will "
                 "act.”", id="a place after in"),
    pytest.param("Band founder Tom Rudd in March said: “We will play again next year.”",
                 id="a month after in"),
])
def test_a_name_after_in_is_no_speaker(text: str) -> None:
    assert _speakers(text)[-1] is None


@pytest.mark.parametrize(("text", "speaker"), [
    pytest.param("“I'm sure I touched the ball down,” Leicester's Sam Pryor told reporters.",
                 "Sam Pryor", id="team's player"),
    pytest.param("Action on Hunger's Mark Ellis said: “Warm words cannot hide the cuts.”",
                 "Mark Ellis", id="a group's spokesman, on in its name"),
    pytest.param("The Bright Society's Ravi Mehta said: “It is a gentle nudge.”",
                 "Ravi Mehta", id="an owner of two words"),
    pytest.param("A spokeswoman said the Data Commissioner's Office said: “We will look at it.”",
                 "Data Commissioner's Office",
                 id="a body's own name of one word after the owner stays whole"),
])
def test_whose_someone_is_is_no_part_of_their_name(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker]


def test_a_verb_of_saying_ending_a_paragraph_names_no_one_in_the_next() -> None:
    # A headline ending "claims" made "For" a speaker, whom a later "he" stood for.
    assert mentions("Mayor and deputy face new rift claims\n\nFor the third time, the mayor "
                    "and her deputy are said to be at odds.") == []


@pytest.mark.parametrize(("text", "speaker"), [
    pytest.param("Mr Lowell branded the decision unacceptable, saying: “It is the victims who "
                 "will pay.”", "Mr Lowell", id="X verb ..., saying"),
    pytest.param("Earlier Tory leader Robert Cane sent the new president his “warmest "
                 "congratulations”, saying: “We look forward to working with him.”",
                 "Robert Cane", id="after a quotation within the sentence"),
    pytest.param("However, Mr Stavrou, who plans to launch a new airline next month, vowed to "
                 "fight back, adding: “We will win.”", "Mr Stavrou",
                 id="an opening word, X, a clause, verb ..., adding"),
])
def test_a_participle_of_saying_is_the_sentences_subjects(text: str, speaker: str) -> None:
    assert _speakers(text)[-1] == speaker


def test_a_participle_after_a_quotation_is_not_the_subject_before_it() -> None:
    # The sentence "opens" with the asker of the question before the answer.
    text = ("Mr Pike asked the banker: 'Did you sign it?' Mr Daly, 58, replied: 'I did.' "
            "Then he hastily changed his answer, saying: 'I did not.'")
    assert _speakers(text)[-1] != "Mr Pike"


@pytest.mark.parametrize(("text", "speaker"), [
    pytest.param("Some fans would find such a move controversial, but Dryden countered: “It "
                 "would be an emotive issue.”", "Dryden", id="countered"),
    pytest.param("Chief prosecution witness Carol Mott fumed: “I feel totally let down.”",
                 "Carol Mott", id="fumed"),
    pytest.param("A crestfallen Italy coach, Marco Fenzi, simply observed: “There was an Italian "
                 "half and there was a Scottish half.”", "Marco Fenzi", id="simply observed"),
    pytest.param("Pete Walsh refused to bite back, saying only: “I will not answer questions "
                 "about this man.”", "Pete Walsh", id="saying only"),
    pytest.param("“The line between radio and television is going to blur,” predicted Ann "
                 "Cole.", "Ann Cole", id="predicted X"),
])
def test_more_verbs_of_saying_of_sports_and_business_copy(text: str, speaker: str) -> None:
    assert _speakers(text) == [speaker]


def test_the_words_before_a_name_are_those_the_names_own_pattern_finds() -> None:
    # _words_before finds them with one compiled pattern of capitals for all
    # names; a pattern per name, its definition, took milliseconds each.
    compared = 0
    for prefix in ("000", "001", "002", "003", "004"):
        text = input_path(prefix).read_text(encoding="utf-8")
        for name in {name for _, name in mentions(text)} | {"Stoltenberg", "Kyiv"}:
            assert antecedents._words_before(name, text) == re.findall(
                rf"({WORD})[ \t]+{re.escape(name)}\b", text), name
            compared += bool(antecedents._words_before(name, text))
    assert compared >= 5


def test_a_scan_never_compiles_the_patterns_of_quotation_speakers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # They take half a second to compile, on every run: the scan reads only
    # transcripts' turns; speakers() and the narration tests load them when asked.
    program = ("import sys, dedup, dedup.cli\n"
               f"dedup.scan({str(input_path('001').parent)!r})\n"
               "assert 'dedup.attribution.patterns' not in sys.modules, 'loaded by the scan'\n"
               "from dedup.attribution import speakers\n"
               "assert 'dedup.attribution.patterns' in sys.modules\n")
    done = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          cwd=tmp_path, check=False)
    assert done.returncode == 0, done.stderr


def test_a_sentence_adverb_before_a_comma_is_no_person_a_description_is_of() -> None:
    # "Separately" opens the sentence as "Lucy Barrow" opens "Lucy Barrow,
    # economist at Harlow Capital said": only a name is a person.
    text = "Separately, a spokesman for Halford Foods said: “We are pleased with the result.”"
    assert _speakers(text) == ["Halford Foods"]
