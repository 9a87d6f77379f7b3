"""`cx-playbook export`: packages read back with the standard library alone, as an LMS would
read them, and refused cleanly when the playbook or the output path is bad."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest

from cx_playbook.cli import main
from cx_playbook.markup import WIKILINK
from cx_playbook.validation import load_playbook
from helpers import COURSE, ROOT, edit, made_once, make_site

QTI = "{http://www.imsglobal.org/xsd/imsqti_v2p1}"
CP = "{http://www.imsglobal.org/xsd/imscp_v1p1}"
SCORM_CP = "{http://www.imsproject.org/xsd/imscp_rootv1p1p2}"
ADLCP = "{http://www.adlnet.org/xsd/adlcp_rootv1p2}"
PLAYBOOK = load_playbook(ROOT / "playbook", ROOT / "quizzes")


def words(text: str) -> list[str]:
    """The words of a text, whatever markup is around them: Markdown in, XHTML out."""
    return re.findall(r"[^\W_]+", text.casefold())


def source_words(markdown: str) -> list[str]:
    # A link to an entry reads as the entry's title (or the link's own words) in a package.
    return words(WIKILINK.sub(lambda link: link.group(2) or PLAYBOOK[link.group(1).strip()].title, markdown))


def element_words(element: ET.Element) -> list[str]:
    return words("".join(element.itertext()))


@pytest.fixture(scope="module")
def qti(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("qti") / "quiz-bank.zip"
    assert main(["export", "qti", str(out), str(ROOT / "playbook"), "--quizzes", str(ROOT / "quizzes")]) == 0
    with zipfile.ZipFile(out) as package:
        yield package


def items_by_identifier(package: zipfile.ZipFile) -> dict[str, ET.Element]:
    manifest = ET.fromstring(package.read("imsmanifest.xml"))
    resources = manifest.iter(f"{CP}resource")
    items = [ET.fromstring(package.read(unquote(r.get("href")))) for r in resources if r.get("type") == "imsqti_item_xmlv2p1"]
    return {item.get("identifier"): item for item in items}


def test_qti_manifest_lists_every_file_of_the_package_and_each_exists(qti):
    manifest = ET.fromstring(qti.read("imsmanifest.xml"))
    listed = {unquote(file.get("href")) for file in manifest.iter(f"{CP}file")}
    names = set(qti.namelist())
    assert listed == names - {"imsmanifest.xml"}
    for resource in manifest.iter(f"{CP}resource"):
        assert unquote(resource.get("href")) in names
    every_question = sum(len(quiz.questions) for quiz in PLAYBOOK.quizzes.values())
    assert sum(r.get("type") == "imsqti_item_xmlv2p1" for r in manifest.iter(f"{CP}resource")) == every_question


def choices(item: ET.Element) -> dict[str, ET.Element]:
    return {choice.get("identifier"): choice for tag in ("simpleChoice", "simpleAssociableChoice") for choice in item.iter(f"{QTI}{tag}")}


def correct_values(item: ET.Element) -> list[str]:
    return [value.text for value in item.find(f"{QTI}responseDeclaration/{QTI}correctResponse")]


def feedback(item: ET.Element) -> dict[str, ET.Element]:
    return {shown.get("identifier"): shown for shown in item.iter(f"{QTI}modalFeedback") if shown.get("outcomeIdentifier") == "FEEDBACK"}


def test_qti_holds_every_question_with_its_right_answers_feedback_and_explanation(qti):
    items = items_by_identifier(qti)
    seen_types = set()
    for quiz in PLAYBOOK.quizzes.values():
        for question in quiz.questions:
            item = items[f"cx-{quiz.id}--{question.id}"]
            seen_types.add(question.type)
            body = item.find(f"{QTI}itemBody")
            assert source_words(question.prompt) == element_words(body.find(f"{QTI}div")), question.id
            texts = {identifier: element_words(choice) for identifier, choice in choices(item).items()}
            right = [texts.get(value) for value in correct_values(item)]
            if question.type in ("single", "multiple"):
                interaction = body.find(f"{QTI}choiceInteraction")
                assert interaction.get("maxChoices") == ("1" if question.type == "single" else "0")
                assert sorted(right) == sorted(source_words(option.text) for option in question.options if option.correct)
                assert sorted(texts.values()) == sorted(source_words(option.text) for option in question.options)
                for number, option in enumerate(question.options):
                    if option.feedback:
                        shown = feedback(item)[next(i for i, choice in choices(item).items() if texts[i] == source_words(option.text))]
                        assert element_words(shown) == source_words(option.feedback), (question.id, number)
            elif question.type == "true_false":
                assert body.find(f"{QTI}choiceInteraction").get("maxChoices") == "1"
                assert right == [["true" if question.answer else "false"]]
            elif question.type == "ordering":
                assert body.find(f"{QTI}orderInteraction") is not None
                assert right == [source_words(text) for text in question.items]
            elif question.type == "matching":
                assert body.find(f"{QTI}matchInteraction") is not None
                pairs = [value.split() for value in correct_values(item)]
                assert sorted((texts[term], texts[match]) for term, match in pairs) == sorted((words(p.term), words(p.match)) for p in question.pairs)
            else:
                assert body.find(f".//{QTI}textEntryInteraction") is not None
                mapping = item.find(f"{QTI}responseDeclaration/{QTI}mapping")
                entries = list(mapping)
                assert all(entry.get("caseSensitive") == "false" and entry.get("mappedValue") == "1" for entry in entries)
                assert {entry.get("mapKey") for entry in entries} == {" ".join(answer.lower().split()) for answer in question.answers}
            assert element_words(feedback(item)["EXPLANATION"]) == source_words(question.explanation), question.id
            # The feedback is switched on by response processing, through the outcome it shows on.
            processing = item.find(f"{QTI}responseProcessing")
            assert [v.text for v in processing.iter(f"{QTI}baseValue") if v.get("baseType") == "identifier"] == ["EXPLANATION"]
    assert seen_types == {"single", "multiple", "true_false", "ordering", "matching", "fill_blank"}


def test_qti_has_a_test_per_quiz_and_the_final_draws_from_its_pool(qti):
    manifest = ET.fromstring(qti.read("imsmanifest.xml"))
    tests = {r.get("identifier"): ET.fromstring(qti.read(unquote(r.get("href")))) for r in manifest.iter(f"{CP}resource") if r.get("type") == "imsqti_test_xmlv2p1"}
    for quiz in PLAYBOOK.quizzes.values():
        refs = [ref.get("identifier") for ref in tests[f"res-cx-test-{quiz.id}"].iter(f"{QTI}assessmentItemRef")]
        assert refs == [f"cx-{quiz.id}--{question.id}" for question in quiz.questions]
    final = tests["res-cx-test-course-final"]
    assert final.find(f".//{QTI}selection").get("select") == str(PLAYBOOK.course.final_assessment.draw)
    assert len(list(final.iter(f"{QTI}assessmentItemRef"))) == len(PLAYBOOK.pool())


def test_qti_prompts_are_escaped_and_entry_links_become_their_titles(quizzes_dir, tmp_path):
    edit(quizzes_dir / "moments-check.yaml", "prompt: Which is a Moment of Truth?", 'prompt: "Is [[techniques/moments-of-truth]] a <b>Q&A</b> & more? [[tenets/customers-first|Our tenet]]"')
    out = tmp_path / "bank.zip"
    assert main(["export", "qti", str(out), str(quizzes_dir.parent / "playbook")]) == 0
    with zipfile.ZipFile(out) as package:
        prompt = items_by_identifier(package)["cx-moments-check--pick-one"].find(f"{QTI}itemBody/{QTI}div")
    assert "".join(prompt.itertext()) == "Is Moments of Truth a Q&A & more? Our tenet"
    assert prompt.find(f".//{QTI}b") is not None


def _export_scorm(folder: Path) -> None:
    folder.mkdir()
    assert main(["export", "scorm", str(folder / "course.zip"), str(ROOT / "playbook"), "--config", str(ROOT / "mkdocs.yml")]) == 0


@pytest.fixture(scope="module")
def scorm(tmp_path_factory) -> zipfile.ZipFile:
    out = made_once(tmp_path_factory, "scorm", _export_scorm) / "course.zip"
    with zipfile.ZipFile(out) as package:
        yield package


def test_scorm_manifest_at_the_root_launches_the_course_and_lists_every_file(scorm):
    manifest = ET.fromstring(scorm.read("imsmanifest.xml"))
    assert manifest.tag == f"{SCORM_CP}manifest"
    assert manifest.findtext(f"{SCORM_CP}metadata/{SCORM_CP}schemaversion") == "1.2"
    organisation = manifest.find(f"{SCORM_CP}organizations/{SCORM_CP}organization")
    assert organisation.findtext(f"{SCORM_CP}title") == PLAYBOOK.course.title
    [item] = organisation.findall(f"{SCORM_CP}item")
    [resource] = manifest.findall(f"{SCORM_CP}resources/{SCORM_CP}resource")
    assert item.get("identifierref") == resource.get("identifier")
    assert resource.get(f"{ADLCP}scormtype") == "sco"
    launch = unquote(resource.get("href"))
    assert launch == "course/index.html" and launch in scorm.namelist()
    assert 'src="../assets/cx/cx.js"' in scorm.read(launch).decode()
    listed = [unquote(file.get("href")) for file in resource.iter(f"{SCORM_CP}file")]
    assert sorted(listed) == sorted(set(scorm.namelist()) - {"imsmanifest.xml"})


def test_scorm_links_name_files_since_an_lms_serves_no_folder_index(scorm):
    home = scorm.read("course/index.html").decode()
    module = PLAYBOOK.course.modules[0]
    assert f'href="{module.id}.html"' in home
    assert f"course/{module.id}.html" in scorm.namelist()


@pytest.mark.parametrize("package", ["qti", "scorm"])
def test_an_invalid_playbook_gives_its_problems_and_writes_no_zip(package, real_playbook_copy, tmp_path, capsys):
    edit(real_playbook_copy / "techniques/moments-of-truth.yaml", "title:", "titel:")
    out = tmp_path / "out.zip"
    assert main(["export", package, str(out), str(real_playbook_copy), "--quizzes", str(ROOT / "quizzes")]) == 1
    error = capsys.readouterr().err
    assert re.search(r"techniques/moments-of-truth\.yaml:\d+:\d+: ", error), error
    assert "Traceback" not in error
    assert list(tmp_path.glob("*.zip")) == [] and list(tmp_path.glob(".*part")) == []


@pytest.mark.parametrize("package", ["qti", "scorm"])
def test_an_unwritable_output_gets_a_message_and_exit_1(package, tmp_path, capsys):
    site = make_site(tmp_path / "site")
    (site / "playbook/course.yaml").write_text(COURSE, encoding="utf-8")
    built = ["--config", str(site / "mkdocs.yml")] if package == "scorm" else []
    for out in (tmp_path / "missing-folder/out.zip", tmp_path):
        assert main(["export", package, str(out), str(site / "playbook"), *built]) == 1
        error = capsys.readouterr().err
        assert error.startswith(f"cx-playbook export {package}: cannot write {out}: ") and "Traceback" not in error


def test_scorm_needs_a_course_and_a_built_site_with_its_home(playbook_dir, quizzes_dir, tmp_path, capsys):
    assert main(["export", "scorm", str(tmp_path / "out.zip"), str(playbook_dir)]) == 1
    assert "no course.yaml" in capsys.readouterr().err
    (playbook_dir / "course.yaml").write_text(COURSE, encoding="utf-8")
    (playbook_dir.parent / "docs").mkdir()
    (playbook_dir.parent / "docs/index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "built").mkdir()
    assert main(["export", "scorm", str(tmp_path / "out.zip"), str(playbook_dir), "--site", str(tmp_path / "built")]) == 1
    assert "has no course/index.html" in capsys.readouterr().err
    assert not (tmp_path / "out.zip").exists()
