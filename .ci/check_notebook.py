#!/usr/bin/env python3
"""Checks an executed quickstart (first-hour, s3, sweeps) notebook's outputs (not only that it ran).

usage: check_notebook.py EXECUTED.ipynb

Works on the runner's NAME.out.ipynb and on Jupyter nbconvert's output alike: for each expectation it
finds the cell by a line of its source and looks for text in everything that cell output.
"""
import json
import sys

# (a line of the cell's source, texts its outputs must contain)
EXPECTED = [
    ("#!lyceum status", ["cpu"]),
    ("#!lyceum credits", ["remaining"]),
    ("print(f\"Hello from Python", ["Hello from Python", "step 5: running total 55"]),
    ("#!requirements lyceum-hello", ["Hello, notebook, from lyceum-hello 0.1.0"]),
    ("divide(1, 0)", ["ZeroDivisionError"]),
    ("#!lyceum files --prefix quickstart/", ["quickstart/hello-lyceum.txt"]),
    ("ReadAllText(\"hello-lyceum-copy.txt\")", ["written by the quick start"]),
    ("#!lyceum history", ["completed", "failed"]),
]


# notebooks/first-hour.ipynb: each step shows what a user needs to see, each mistake says what to do.
FIRST_HOUR = [
    ("#!lyceum status", ["cpu"]),
    ("#!requirements lyceum-hello", ["Hello, first hour, from lyceum-hello 0.1.0"]),
    ("epoch {epoch}/5", ["epoch 5/5: loss 0.200", "done"]),
    ("--export rows,total", ["1212000"]),
    ("mean([])", ["ZeroDivisionError"]),
    ("@lyceum-python:rows", ["3 cities", "Oslo"]),
    ("--export big", ["Large ['Oslo', 'Bergen']"]),
    ("@lyceum-python:note", ["--export note"]),
    ("ReadAllText(\"first-hour-copy.txt\")", ["written in the first hour"]),
    ("--machine gpu.x9000", ["gpu.x9000"]),
    ("first-hour/missing.txt", ["There is no file 'first-hour/missing.txt' in your storage", "#!lyceum files"]),
    ("#!lyceum history", ["completed", "failed"]),
]


# notebooks/s3.ipynb: the credentials card without secrets, boto3 in a --storage cell, AWSSDK.S3 from the environment,
# a large file over S3 in parts, and the advice lyceum.s3() gives without --storage.
S3 = [
    ("#!lyceum credentials", ["bucket", "us-east-1", "UTC (in ", "not shown"]),
    ("#!lyceum-python --storage", ["s3-notebook/losses.csv 30 bytes", "read back over S3: 3,0.25"]),
    ("#!lyceum files --prefix s3-notebook/", ["s3-notebook/losses.csv"]),
    ("ReadAllText(\"s3-losses.csv\")", ["epoch,loss"]),
    ("#!lyceum credentials --export-env", ["AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN"]),
    ("ListObjectsV2Async", ["s3-notebook/from-csharp.txt, s3-notebook/losses.csv"]),
    ("#!lyceum upload s3-big.bin", ["72 MB of 72 MB (100%)", "over S3 in 9 parts"]),
    ("#!lyceum download s3-notebook/big.bin", ["72 MB of 72 MB (100%)", "over S3 in 9 parts"]),
    ("SequenceEqual(big)", ["the copy is identical"]),
    ("#!lyceum-python\ns3 = lyceum.s3()", ["start the cell with #!lyceum-python --storage"]),
]


# notebooks/sweeps.ipynb: one card with every run and its result, the results in C#, a budget refusal with its numbers.
SWEEPS = [
    ("--sweep lr=0.3,0.1,0.01", ["6 of 6 runs done (6 succeeded, 0 failed)", "lr=0.01, steps=200", "credits"]),
    ("@lyceum-python:sweep", ["completed", "steps"]),
    ("--sweep seed=", ["Not started: this sweep of 30 runs could cost up to", "credits left of this session's budget"]),
    ("#!lyceum status", ["Session spend:", "spent of 0.25"]),
]


def output_text(output):
    parts = []
    if "text" in output:
        parts.append("".join(output["text"]) if isinstance(output["text"], list) else output["text"])
    for value in output.get("data", {}).values():
        parts.append("".join(value) if isinstance(value, list) else json.dumps(value) if not isinstance(value, str) else value)
    if output.get("output_type") == "error":
        parts.append(output.get("ename", "") + ": " + output.get("evalue", ""))
        parts.extend(output.get("traceback", []))
    return "\n".join(parts)


def main(path):
    with open(path, encoding="utf-8") as f:
        notebook = json.load(f)
    cells = [c for c in notebook["cells"] if c["cell_type"] == "code"]
    sources = ["".join(c["source"]) for c in cells]
    expected_outputs = (FIRST_HOUR if any("first-hour/" in text for text in sources)
                        else S3 if any("s3-notebook/" in text for text in sources)
                        else SWEEPS if any("--sweep " in text for text in sources) else EXPECTED)
    problems = []
    for marker, texts in expected_outputs:
        matching = [c for c in cells if marker in "".join(c["source"])]
        if not matching:
            problems.append(f"no cell contains {marker!r}")
            continue
        text = "\n".join(output_text(o) for o in matching[0].get("outputs", []))
        for expected in texts:
            if expected.lower() not in text.lower():
                problems.append(f"cell {marker!r}: output lacks {expected!r}; it has: {text[:300]!r}")
    if problems:
        print(f"{path}: {len(problems)} problem(s)")
        for p in problems:
            print("  - " + p)
        return 1
    print(f"{path}: all {len(expected_outputs)} expected outputs present")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
