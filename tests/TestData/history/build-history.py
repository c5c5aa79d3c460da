#!/usr/bin/env python3
"""Builds the history test folder: four snapshots of one account, derived from samples/data/source.

Deterministic. Each snapshot keeps only the entities the planted changes touch (plus the managed policies they
use), so the folder stays small. Then each dump is imported with its capture time (see README.md here):

  2026-11-15.json  the sample's before state
  2026-11-22.json  step 1: group privesc8 gets AdministratorAccess; role fp4 trusts "*"
  2026-12-01.json  step 2: the rest of the sample's after state (new admin user, boundary removed, ...)
  2026-12-08.json  step 3: remediation: fp4 trusts only its old principal again, svc-backup-sync deleted
"""
import copy
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "..", "..", "..", "samples", "data", "source")

KEEP = {
    "privesc8-AttachGroupPolicy-group", "privesc8-AttachGroupPolicy-user", "privesc-AssumeRole-start-user",
    "svc-backup-sync", "privesc-AssumeRole-ending-role", "fp4-nonExploitableResourceConstraint-role",
    "privesc7-AttachUserPolicy-user", "privesc6-UpdateLoginProfile-user", "github-deployer",
}
NAME = {"UserDetailList": "UserName", "GroupDetailList": "GroupName", "RoleDetailList": "RoleName"}


def load(name):
    with open(os.path.join(SOURCE, name), encoding="utf-8") as f:
        return json.load(f)


def trim(dump):
    out = {key: [e for e in dump[key] if e[NAME[key]] in KEEP] for key in NAME}
    used = set()
    for key in NAME:
        for e in out[key]:
            used.update(p["PolicyArn"] for p in e.get("AttachedManagedPolicies", []))
            if e.get("PermissionsBoundary"):
                used.add(e["PermissionsBoundary"]["PermissionsBoundaryArn"])
    used.update({"arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::444455556666:policy/fp3-deny-iam", "arn:aws:iam::444455556666:policy/privesc-ssmStartSession-policy"})
    out["Policies"] = [p for p in dump["Policies"] if p["Arn"] in used]
    return out


def entity(dump, key, name):
    return next(e for e in dump[key] if e[NAME[key]] == name)


def replace(dump, key, name, new):
    dump[key] = [new if e[NAME[key]] == name else e for e in dump[key]]


def write(name, dump):
    with open(os.path.join(HERE, "source", name), "w", encoding="utf-8", newline="\n") as f:
        json.dump(dump, f, indent=2, sort_keys=False)
        f.write("\n")


before = trim(load("before-authz.json"))
after = trim(load("after-authz.json"))

mid = copy.deepcopy(before)
replace(mid, "GroupDetailList", "privesc8-AttachGroupPolicy-group", entity(after, "GroupDetailList", "privesc8-AttachGroupPolicy-group"))
replace(mid, "RoleDetailList", "fp4-nonExploitableResourceConstraint-role", entity(after, "RoleDetailList", "fp4-nonExploitableResourceConstraint-role"))
# Managed policies change only in step 2: keep the before versions in the middle snapshot.
mid["Policies"] = copy.deepcopy(before["Policies"]) + [p for p in after["Policies"] if p["Arn"] not in {q["Arn"] for q in before["Policies"]}]

later = copy.deepcopy(after)
replace(later, "RoleDetailList", "fp4-nonExploitableResourceConstraint-role", entity(before, "RoleDetailList", "fp4-nonExploitableResourceConstraint-role"))
later["UserDetailList"] = [u for u in later["UserDetailList"] if u["UserName"] != "svc-backup-sync"]

os.makedirs(os.path.join(HERE, "source"), exist_ok=True)
write("2026-11-15-authz.json", before)
write("2026-11-22-authz.json", mid)
write("2026-12-01-authz.json", after)
write("2026-12-08-authz.json", later)
