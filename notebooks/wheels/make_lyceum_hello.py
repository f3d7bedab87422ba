"""Builds lyceum_hello-0.1.0-py3-none-any.whl, the demo package the quick start installs offline.

The wheel is committed beside this script; run it again only to change the package:
    python3 notebooks/wheels/make_lyceum_hello.py
"""
import base64, hashlib, os, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
NAME, VERSION = "lyceum_hello", "0.1.0"
DIST = f"{NAME}-{VERSION}.dist-info"
FILES = {
    f"{NAME}/__init__.py": '"""A tiny demo package for the Lyceum quick start."""\n\n'
    "__version__ = \"0.1.0\"\n\n\n"
    "def greet(who: str) -> str:\n"
    "    return f\"Hello, {who}, from lyceum-hello {__version__} (installed by #!requirements)\"\n",
    f"{DIST}/METADATA": f"Metadata-Version: 2.1\nName: lyceum-hello\nVersion: {VERSION}\n"
    "Summary: A tiny demo package for the Lyceum quick start\n",
    f"{DIST}/WHEEL": "Wheel-Version: 1.0\nGenerator: make_lyceum_hello.py\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}

def record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{path},sha256={digest},{len(data)}"

target = os.path.join(HERE, f"{NAME}-{VERSION}-py3-none-any.whl")
with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as whl:
    lines = []
    for path, text in FILES.items():
        data = text.encode()
        info = zipfile.ZipInfo(path, date_time=(2026, 1, 1, 0, 0, 0))
        whl.writestr(info, data)
        lines.append(record_line(path, data))
    lines.append(f"{DIST}/RECORD,,")
    whl.writestr(zipfile.ZipInfo(f"{DIST}/RECORD", date_time=(2026, 1, 1, 0, 0, 0)), "\n".join(lines) + "\n")
print(target)
