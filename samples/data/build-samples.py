#!/usr/bin/env python3
"""Builds the sample before/after authorization-details dumps from the real cloudsplaining lab account.

before-authz.json: the real dump, plus one planted permissions boundary (the dump has none).
after-authz.json:  the same account after a realistic sequence of risky changes (see README.md), plus
                   cosmetic rewrites of every policy document that IamSnapshot must NOT report.
The runner then imports both into samples/data/before.json and after.json (see README.md).
Deterministic: no randomness, no clock.
"""
import copy, json, os

HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, "..", "..", "tests", "TestData", "realdata", "authz", "cloudsplaining-example-2023.json")
ACCOUNT = "444455556666"
ATTACKER = "999988887777"

def arn(kind, name, path="/"):
    return f"arn:aws:iam::{ACCOUNT}:{kind}{path}{name}"

def find(items, key, name):
    return next(i for i in items if i[key] == name)

with open(REAL) as f:
    real = json.load(f)

before = copy.deepcopy(real)
# The real dump has no permissions boundary; plant one so that its removal can be shown.
find(before["UserDetailList"], "UserName", "privesc7-AttachUserPolicy-user")["PermissionsBoundary"] = {
    "PermissionsBoundaryType": "Policy",
    "PermissionsBoundaryArn": arn("policy/", "privesc-ssmStartSession-policy", ""),
}

after = copy.deepcopy(before)
users, groups, roles, policies = after["UserDetailList"], after["GroupDetailList"], after["RoleDetailList"], after["Policies"]

# 1. An attacker holding privesc8's AttachGroupPolicy right attaches AdministratorAccess to the group...
find(groups, "GroupName", "privesc8-AttachGroupPolicy-group")["AttachedManagedPolicies"].append(
    {"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"})
# 2. ...and adds another foothold user to it.
find(users, "UserName", "privesc-AssumeRole-start-user")["GroupList"].append("privesc8-AttachGroupPolicy-group")
# 3. A new "service" user with AdministratorAccess attached directly.
users.append({
    "Path": "/", "UserName": "svc-backup-sync", "UserId": "AIDAEXAMPLESVCBACKUP1",
    "Arn": arn("user/", "svc-backup-sync", ""), "CreateDate": "2026-11-20 03:12:09+00:00",
    "GroupList": [], "Tags": [],
    "AttachedManagedPolicies": [{"PolicyName": "AdministratorAccess", "PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"}],
})
# 4. A backdoor: the privileged end of the assume-role chain now also trusts another account.
ending = find(roles, "RoleName", "privesc-AssumeRole-ending-role")
ending["AssumeRolePolicyDocument"]["Statement"].append(
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ATTACKER}:root"}, "Action": "sts:AssumeRole"})
# 5. A role opened to anyone.
find(roles, "RoleName", "fp4-nonExploitableResourceConstraint-role")["AssumeRolePolicyDocument"] = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
# 6. The guard-rail policy loses its Deny: a new default version v2 without it.
deny = find(policies, "PolicyName", "fp3-deny-iam")
deny["DefaultVersionId"] = "v2"
deny["UpdateDate"] = "2026-11-20 03:20:41+00:00"
for v in deny["PolicyVersionList"]:
    v["IsDefaultVersion"] = False
deny["PolicyVersionList"].append({"VersionId": "v2", "IsDefaultVersion": True, "CreateDate": "2026-11-20 03:20:41+00:00",
    "Document": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}]}})
# 7. A shared managed policy gets a broader default version (PassRole on everything, all of S3).
ssm = find(policies, "PolicyName", "privesc-ssmStartSession-policy")
old_doc = ssm["PolicyVersionList"][0]["Document"]
ssm["DefaultVersionId"] = "v2"
ssm["UpdateDate"] = "2026-11-20 03:25:02+00:00"
ssm["PolicyVersionList"][0]["IsDefaultVersion"] = False
new_doc = copy.deepcopy(old_doc)
new_doc["Statement"].append({"Effect": "Allow", "Action": ["iam:PassRole", "s3:*"], "Resource": "*"})
ssm["PolicyVersionList"].append({"VersionId": "v2", "IsDefaultVersion": True, "CreateDate": "2026-11-20 03:25:02+00:00", "Document": new_doc})
# 8. The permissions boundary planted in "before" is removed.
del find(users, "UserName", "privesc7-AttachUserPolicy-user")["PermissionsBoundary"]
# 9. A user deleted and recreated under the same name (new unique id).
find(users, "UserName", "privesc6-UpdateLoginProfile-user").update(
    {"UserId": "AIDAEXAMPLERECREATED1", "CreateDate": "2026-11-20 03:31:55+00:00"})
# 10. A new CI role trusted by GitHub's OIDC provider (benign: inventory only).
roles.append({
    "Path": "/ci/", "RoleName": "github-deployer", "RoleId": "AROAEXAMPLEGITHUBDEP1",
    "Arn": arn("role/ci/", "github-deployer", ""), "CreateDate": "2026-11-19 14:02:11+00:00",
    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": f"arn:aws:iam::{ACCOUNT}:oidc-provider/token.actions.githubusercontent.com"},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
                      "StringLike": {"token.actions.githubusercontent.com:sub": "repo:example-org/infra:ref:refs/heads/main"}}}]},
    "InstanceProfileList": [], "RolePolicyList": [], "AttachedManagedPolicies": [], "Tags": [], "RoleLastUsed": {}})

# Cosmetic rewrites that change no access and must not be reported.
def cosmetic(doc):
    if not isinstance(doc, dict):
        return doc
    statements = doc.get("Statement")
    if isinstance(statements, dict):
        statements = [statements]
    rewritten = []
    for i, s in enumerate(reversed(statements or [])):              # statement order
        s = dict(s)
        for key in ("Action", "NotAction", "Resource", "NotResource"):
            v = s.get(key)
            if isinstance(v, str):
                s[key] = [v]                                          # string -> list
            elif isinstance(v, list) and len(v) == 1:
                s[key] = v[0]                                         # list -> string
            elif isinstance(v, list):
                s[key] = list(reversed(v))                            # list order
        if "Action" in s:
            acts = s["Action"] if isinstance(s["Action"], list) else [s["Action"]]
            acts = [a.upper() if ":" in a else a for a in acts]       # action case
            s["Action"] = acts if isinstance(s["Action"], list) else acts[0]
        if "Sid" in s:
            s["Sid"] = (s["Sid"] or "") + "Renamed"                   # Sid
        rewritten.append(dict(reversed(list(s.items()))))            # key order
    out = {"Statement": rewritten}
    if "Version" in doc:
        out["Version"] = doc["Version"]
    return out

for p in policies:
    for v in p["PolicyVersionList"]:
        v["Document"] = cosmetic(v["Document"])
    p["AttachmentCount"] = p.get("AttachmentCount", 0) + 1            # counters are not changes
    p["CreateDate"] = p["CreateDate"].replace(" ", "T")               # date form only
for r in roles:
    r["AssumeRolePolicyDocument"] = cosmetic(r["AssumeRolePolicyDocument"])
    for ip in r.get("RolePolicyList", []):
        ip["PolicyDocument"] = cosmetic(ip["PolicyDocument"])
    if r.get("RoleLastUsed") == {}:
        pass
    else:
        r["RoleLastUsed"] = {"LastUsedDate": "2026-11-30 23:59:01+00:00", "Region": "eu-west-1"}  # last used is not a change
for g in groups:
    for ip in g.get("GroupPolicyList", []):
        ip["PolicyDocument"] = cosmetic(ip["PolicyDocument"])
users.reverse()                                                       # entity order
roles.reverse()

os.makedirs(os.path.join(HERE, "source"), exist_ok=True)
with open(os.path.join(HERE, "source", "before-authz.json"), "w") as f:
    json.dump(before, f, indent=4)
with open(os.path.join(HERE, "source", "after-authz.json"), "w") as f:
    json.dump(after, f, indent=1)                                     # whitespace differs too
print("wrote source/before-authz.json and source/after-authz.json")
