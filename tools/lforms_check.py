"""Render `oms questionnaire` in a real SDC renderer, answer it, and read the verdict it computes.

``python -m tools.lforms_check`` loads the questionnaire into LHC-Forms (the npm package
``lforms``, pinned below) in headless Chromium (Debian's ``chromium`` package) and, for each
answer set, answers it as a person does: it clicks the radio button of each question the form
shows, in order. It then reads the result the form shows on screen (its calculatedExpressions)
and the QuestionnaireResponse it writes, and compares both, and the questions shown (its
enableWhen), with what `oms check` says and asks; the response is also read back as
``oms check --from-fhir`` reads it. It prints a summary and exits 1 on any
difference.

Not part of ``make test`` (it needs npm, Chromium and the registry to fetch lforms once; about
5 minutes for all 729 answer sets on this project's machines):

    apt-get install -y chromium
    python -m tools.lforms_check            # all 729 answer sets
    python -m tools.lforms_check --cases 20 # the first 20

lforms is fetched with ``npm pack`` into a cache folder (``--cache``, default
``~/.cache/oms-cli/lforms``) and served, with a small page, from 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import threading
from pathlib import Path
from typing import Any

from oms_cli.interop import fhir
from oms_cli.rules import FINDINGS, Answer, all_combinations, evaluate, evaluate_answers
from oms_cli.teaching import questionnaire
from tools import questionnaire as form

LFORMS_VERSION = "40.1.3"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

PAGE = """<!doctype html>
<html><head><meta charset="utf-8">
<link rel="stylesheet" href="lforms/webcomponent/styles.css">
<script src="lforms/webcomponent/assets/lib/zone.min.js"></script>
<script src="lforms/webcomponent/runtime.js" type="module"></script>
<script src="lforms/webcomponent/polyfills.js" type="module"></script>
<script src="lforms/webcomponent/main.js" type="module"></script>
</head><body><div id="form"></div><pre id="out">pending</pre>
<script type="module">
const out = document.getElementById("out");
async function run() {
  for (let i = 0; i < 200 && !(window.LForms && LForms.Util && LForms.Util.addFormToPage); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // The FHIR support file extends LForms, so it is loaded once LForms is there.
  await new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = "lforms/fhir/R4/lformsFHIR.min.js";
    script.onload = resolve;
    script.onerror = reject;
    document.head.appendChild(script);
  });
  const questionnaire = await (await fetch("questionnaire.json")).json();
  const cases = await (await fetch("cases.json")).json();
  const results = [];
  const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
  for (const answers of cases) {
    await LForms.Util.addFormToPage(questionnaire, "form", {fhirVersion: "R4"});
    await tick();
    // Answer as a person does: click the radio button of each question the form shows.
    const shown = [];
    for (const [linkId, option] of answers) {
      const radios = document.querySelectorAll(`input[name="radiogroup_${linkId}/1"]`);
      if (radios.length === 0) continue;
      shown.push(linkId);
      radios[option].click();
      await tick();
    }
    const screen = {};
    for (const input of document.querySelectorAll("#form input[type=text]")) {
      screen[input.id.split("/")[0]] = input.value;
    }
    const element = document.getElementById("form");
    const response = LForms.Util.getFormFHIRData("QuestionnaireResponse", "R4", element);
    results.push({shown, screen, response});
  }
  out.textContent = "RESULT " + JSON.stringify(results);
}
run().catch((error) => { out.textContent = "ERROR " + error + " " + (error.stack || ""); });
</script></body></html>
"""


def fetch_lforms(cache: Path) -> Path:
    """The unpacked lforms package's ``dist/lforms`` folder, fetched with npm pack if needed."""
    folder = cache / f"lforms-{LFORMS_VERSION}"
    dist = folder / "package" / "dist" / "lforms"
    if dist.is_dir():
        return dist
    folder.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to fetch lforms")
    packed = subprocess.run(
        [npm, "pack", f"lforms@{LFORMS_VERSION}", "--silent"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()[-1]
    with tarfile.open(folder / packed) as archive:
        archive.extractall(folder, filter="data")
    return dist


def clicks(answers: tuple[Answer, ...]) -> list[tuple[str, int]]:
    """Each finding's linkId and the position of its answer among the radio buttons."""
    options = [
        option["valueCoding"]["code"] for option in fhir.questionnaire()["item"][1]["answerOption"]
    ]
    return [
        (finding.value, options.index(answer.value))
        for finding, answer in zip(FINDINGS, answers, strict=True)
    ]


def _walk(items: list[dict[str, Any]]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for item in items:
        found[item["linkId"]] = item
        found.update(_walk(item.get("item", [])))
    return found


def _value(item: dict[str, Any] | None) -> object:
    if item is None or not item.get("answer"):
        return None
    answer = item["answer"][0]
    for key in ("valueString", "valueInteger", "valueCoding"):
        if key in answer:
            value = answer[key]
            return value["code"] if key == "valueCoding" else value
    return None


def _silent(text: str) -> None:
    """The terminal questionnaire's messages, not wanted here."""


def compare(answers: tuple[Answer, ...], run: dict[str, Any]) -> list[str]:
    """What differs between LHC-Forms, answered with these answers, and `oms check`.

    The result as shown on screen and as written in the response must both be what `oms check`
    says, and the questions the form showed must be those the terminal asks.
    """
    items = _walk(run["response"].get("item", []))
    assessment = evaluate_answers(answers)
    wanted: dict[str, object] = {
        **{form.status_link_id(r.criterion): r.status.value for r in assessment.criteria},
        form.MET_COUNT_LINK_ID: assessment.met_count,
        form.UNKNOWN_COUNT_LINK_ID: assessment.unknown_count,
        form.VERDICT_LINK_ID: assessment.verdict.value,
    }
    problems = []
    for link_id, value in wanted.items():
        if _value(items.get(link_id)) != value:
            problems.append(f"{link_id}: response {_value(items.get(link_id))!r}, oms {value!r}")
        if run["screen"].get(link_id) != str(value):
            problems.append(f"{link_id}: screen {run['screen'].get(link_id)!r}, oms {value!r}")
    by_prompt = {
        questionnaire.finding_prompt(finding, position): answer.value
        for position, (finding, answer) in enumerate(zip(FINDINGS, answers, strict=True), 1)
    }
    by_prompt[questionnaire.AGE_PROMPT] = "unknown"
    asked = [
        f.value for f in questionnaire.interview({}, None, by_prompt.__getitem__, _silent).asked
    ]
    if run["shown"] != asked:
        problems.append(f"questions shown {run['shown']}, asked by oms check {asked}")
    try:  # the response LHC-Forms wrote, read back as `oms check --from-fhir` reads it
        read = fhir.parse_response(run["response"])
    except fhir.ResponseError as error:
        problems.append(f"oms check --from-fhir refuses the response: {error}")
    else:
        if evaluate(read.findings, read.age_group).verdict is not assessment.verdict:
            problems.append("oms check --from-fhir reads another verdict from the response")
    return problems


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Say nothing: the summary is the output."""


def render(dist: Path, cases: list[tuple[Answer, ...]], chromium: str) -> list[dict[str, Any]]:
    """Each answer set answered in LHC-Forms in headless Chromium: what it showed and wrote.

    For each: the questions shown, the result on screen, and the QuestionnaireResponse.
    """
    with tempfile.TemporaryDirectory(prefix="oms-lforms-") as temp:
        root = Path(temp)
        (root / "lforms").symlink_to(dist, target_is_directory=True)
        (root / "page.html").write_text(PAGE, encoding="utf-8")
        (root / "questionnaire.json").write_text(json.dumps(fhir.questionnaire()), "utf-8")
        answers = [clicks(case) for case in cases]
        (root / "cases.json").write_text(json.dumps(answers), encoding="utf-8")
        handler = functools.partial(_Quiet, directory=str(root))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}/page.html"
            profile = root / "profile"
            dom = subprocess.run(
                [
                    chromium,
                    *CHROMIUM_FLAGS,
                    f"--user-data-dir={profile}",
                    "--virtual-time-budget=600000",
                    "--dump-dom",
                    url,
                ],
                capture_output=True,
                text=True,
                timeout=900,
                check=False,
            ).stdout
        finally:
            server.shutdown()
            server.server_close()
    match = re.search(r'<pre id="out">(.*?)</pre>', dom, re.DOTALL)
    text = match.group(1) if match else dom[-2000:]
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    text = text.replace("&amp;", "&")
    if not text.startswith("RESULT "):
        raise SystemExit(f"LHC-Forms did not finish: {text[:2000]}")
    results: list[dict[str, Any]] = json.loads(text.removeprefix("RESULT "))
    return results


def main(argv: list[str] | None = None) -> int:
    """Render, answer, compare; print a summary; exit 1 on any difference."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=729, help="how many answer sets (of 729)")
    parser.add_argument("--chromium", default="chromium", help="the Chromium command")
    default_cache = Path.home() / ".cache" / "oms-cli" / "lforms"
    parser.add_argument("--cache", type=Path, default=default_cache, help="where lforms is kept")
    args = parser.parse_args(argv)
    dist = fetch_lforms(args.cache)
    cases = list(all_combinations())[: args.cases]
    written = render(dist, cases, args.chromium)
    differences = 0
    for answers, response in zip(cases, written, strict=True):
        for problem in compare(answers, response):
            differences += 1
            print(f"{'/'.join(a.value for a in answers)}: {problem}")
    verdicts = {
        verdict: sum(run["screen"].get(form.VERDICT_LINK_ID) == verdict for run in written)
        for verdict in ("met", "not_met", "undetermined")
    }
    print(
        f"LHC-Forms {LFORMS_VERSION}: {len(cases)} answer sets, {differences} differences from "
        f"oms check; verdicts computed by the form: {verdicts}"
    )
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
