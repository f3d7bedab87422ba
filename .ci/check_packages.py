#!/usr/bin/env python3
"""Checks the packed feed as NuGet.org and a user see it: every shipped package is there in one version, with its
README, icon, license, project and repository URLs and embedded PDBs; the extension depends on exactly the
Lyceum.Client of its own version; the two tools carry their command names (and the runner its demo wheel).

usage: check_packages.py FEED VERSION
"""
import re
import sys
import zipfile

TOOLS = {"Lyceum.Local": "lyceum-local", "Lyceum.Runner": "lyceum-runner"}
PACKAGES = ["Lyceum.Client", "Lyceum.Interactive", *TOOLS]


def check(feed, version):
    problems = []
    for package in PACKAGES:
        path = f"{feed}/{package}.{version}.nupkg"
        try:
            nupkg = zipfile.ZipFile(path)
        except FileNotFoundError:
            problems.append(f"{path} was not packed")
            continue
        names = nupkg.namelist()
        nuspec = nupkg.read(f"{package}.nuspec").decode("utf-8")

        def need(condition, what):
            if not condition:
                problems.append(f"{package}: {what}")

        need(f"<version>{version}</version>" in nuspec, f"version is not {version}")
        need('<license type="expression">MIT</license>' in nuspec, "no license expression")
        need("<icon>icon.png</icon>" in nuspec and "icon.png" in names, "no icon")
        need("<readme>README.md</readme>" in nuspec and "README.md" in names, "no package README")
        need("<projectUrl>https://" in nuspec, "no project URL")
        need(re.search(r'<repository type="git" url="https://', nuspec) is not None, "no repository URL")
        dlls = [n for n in names if n.endswith(f"/{package}.dll")]
        need(len(dlls) == 1, f"no {package}.dll")
        # An embedded portable PDB is stored in the DLL as a blob that starts with the signature MPDB.
        need(all(b"MPDB" in nupkg.read(d) for d in dlls), "the DLL has no embedded PDB (no line numbers, no SourceLink)")
        if package == "Lyceum.Interactive":
            need(f'<dependency id="Lyceum.Client" version="[{version}]"' in nuspec,
                 f"does not depend on exactly Lyceum.Client [{version}]")
            need("interactive-extensions/dotnet/extension.dib" in names, "no extension.dib")
        if package in TOOLS:
            need('<packageType name="DotnetTool" />' in nuspec, "is not a .NET tool")
            settings = [n for n in names if n.endswith("DotnetToolSettings.xml")]
            need(settings and f'Name="{TOOLS[package]}"' in nupkg.read(settings[0]).decode("utf-8"),
                 f"the tool's command is not {TOOLS[package]}")
        if package == "Lyceum.Runner":
            need(any(re.search(r"/wheels/lyceum_hello-[^/]+\.whl$", n) for n in names),
                 "the quick start's demo wheel is not inside the tool")
    return problems


def main(feed, version):
    problems = check(feed, version)
    for p in problems:
        print(f"PROBLEM: {p}")
    if problems:
        sys.exit(1)
    print(f"all {len(PACKAGES)} packages of {version} have what users and NuGet.org need")


if __name__ == "__main__":
    main(*sys.argv[1:3])
