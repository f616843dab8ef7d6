"""The QTI package streams into the build: a quiz text2qti refuses still changes nothing.

Since the package is rendered as it is written (after the other formats' files are
staged), its failure must still leave the output directory exactly as it was.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def snapshot(directory: Path) -> dict[str, tuple[bytes, int]]:
    """Every file in ``directory``: its bytes and modification time in nanoseconds."""
    return {path.name: (path.read_bytes(), path.stat().st_mtime_ns)
            for path in sorted(directory.iterdir())}


def test_a_quiz_text2qti_refuses_writes_nothing_and_clobbers_nothing(tiny_dir: Path) -> None:
    def build() -> subprocess.CompletedProcess[str]:
        # quiz-md first: its file is staged before the package fails
        return subprocess.run([sys.executable, "-m", "quizgen", "build", "--out-dir", "out",
                               "--format", "quiz-md", "--format", "qti"],
                              cwd=tiny_dir, capture_output=True, text=True, check=False)

    assert build().returncode == 0
    before = snapshot(tiny_dir / "out")
    assert any(name.endswith(".qti.zip") for name in before)
    facts = tiny_dir / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace(
        "In which crater did the Perseverance rover land?",
        "Who was the first person to step onto the Moon?"), encoding="utf-8")
    failed = build()
    assert failed.returncode == 1
    assert ("error: facts 'first-moonwalker' and 'perseverance-landing-site' ask the same "
            "question; a Canvas quiz (text2qti) needs every question to differ"
            in failed.stderr)
    assert "Traceback" not in failed.stderr
    assert snapshot(tiny_dir / "out") == before
