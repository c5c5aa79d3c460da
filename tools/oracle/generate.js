// Generates random condition-free policy-evaluation cases over the real IAM action catalog, asks the
// reference simulator (@cloud-copilot/iam-simulate, Strict mode) for each decision, and writes the cases
// with the decisions to tests/TestData/oracle/cases.jsonl. Test tooling only; see README.md.
//
// Usage: npm ci && node generate.js [--groups N] [--seed S]
'use strict';

const fs = require('fs');
const path = require('path');
const { runSimulation } = require('@cloud-copilot/iam-simulate');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const GROUPS = option('--groups', 700);
const SEED = option('--seed', 20260926);
const REQUESTS_PER_GROUP = 10;
const ACCOUNT = '111122223333';
const PRINCIPAL = `arn:aws:iam::${ACCOUNT}:user/oracle-user`;

// ---- deterministic random numbers (mulberry32) ----
let state = SEED >>> 0;
function random() {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const chance = (p) => random() < p;
const pick = (list) => list[Math.floor(random() * list.length)];
const between = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));

// ---- the catalog, read from the pinned iam-data package ----
const dataDir = path.join(__dirname, 'node_modules', '@cloud-copilot', 'iam-data', 'data');
const services = JSON.parse(fs.readFileSync(path.join(dataDir, 'services.json'), 'utf8'));
const catalog = new Map();
function service(prefix) {
  if (!catalog.has(prefix)) {
    const actions = JSON.parse(fs.readFileSync(path.join(dataDir, 'actions', `${prefix}.json`), 'utf8'));
    const typesFile = path.join(dataDir, 'resourceTypes', `${prefix}.json`);
    const types = fs.existsSync(typesFile) ? JSON.parse(fs.readFileSync(typesFile, 'utf8')) : {};
    catalog.set(prefix, {
      prefix,
      actions: Object.values(actions).map((a) => ({
        name: a.name,
        types: a.resourceTypes.map((rt) => types[rt.name.toLowerCase()]).filter(Boolean)
      })),
      types: Object.values(types)
    });
  }
  return catalog.get(prefix);
}

// Services that interact a lot (shared wildcards, privilege escalation), plus a random tail.
const FOCUS = ['s3', 'iam', 'ec2', 'lambda', 'sts', 'kms', 'dynamodb', 'sqs', 'sns', 'logs', 'secretsmanager', 'ssm', 'cloudformation', 'glue'];

// ---- names used in ARNs: a small vocabulary, so that patterns and requests meet ----
const NAMES = ['alpha', 'beta', 'logs', 'data', 'prod-app', 'test', 'a1'];
const REGIONS = ['us-east-1', 'eu-west-1'];
function fillArn(format) {
  return format.replace(/\$\{([A-Za-z0-9]+)\}/g, (_, variable) => {
    switch (variable) {
      case 'Partition': return 'aws';
      case 'Region': return pick(REGIONS);
      case 'Account': return ACCOUNT;
      default: return pick(NAMES) + (chance(0.2) ? '/' + pick(NAMES) : '');
    }
  });
}

// Where a wildcard may go: the reference simulator requires the resource "product" (the resource part up
// to its first '/' or ':') to match literally, while IAM lets wildcards stand anywhere. Cases stay where
// both agree by putting wildcards only after the product.
function productLength(arn) {
  const parts = arn.split(':');
  const resource = parts.slice(5).join(':');
  if (parts[2] === 's3' && parts[3] === '' && parts[4] === '') return 0;
  const slash = resource.indexOf('/');
  const colon = resource.indexOf(':');
  if (slash === -1 && colon === -1) return 0;
  if (slash === -1) return colon + 1;
  if (colon === -1) return slash + 1;
  return Math.min(slash, colon) + 1;
}

function resourcePattern(format) {
  let arn = fillArn(format);
  const parts = arn.split(':');
  const prefix = parts.slice(0, 5).join(':') + ':';
  let resource = parts.slice(5).join(':');
  const product = productLength(arn);
  const head = resource.slice(0, product);
  let tail = resource.slice(product);
  const roll = random();
  if (roll < 0.3 && tail.length > 0) {
    tail = tail.slice(0, between(0, tail.length - 1)) + '*';
  } else if (roll < 0.45 && tail.length > 0) {
    const i = between(0, tail.length - 1);
    tail = tail.slice(0, i) + '?' + tail.slice(i + 1);
  } else if (roll < 0.55) {
    tail = '*';
  } else if (roll < 0.62 && tail.length > 1) {
    tail = '*' + tail.slice(between(1, tail.length - 1));
  }
  resource = head + tail;
  let result = prefix + resource;
  if (chance(0.15) && parts[3] !== '') result = result.replace(`:${parts[3]}:`, ':*:');
  return result;
}

function actionPattern(svc) {
  const action = pick(svc.actions).name;
  const roll = random();
  if (roll < 0.35) return `${svc.prefix}:${chance(0.2) ? action.toLowerCase() : action}`;
  if (roll < 0.5) return `${svc.prefix}:*`;
  if (roll < 0.75) {
    const verb = action.match(/^[A-Z][a-z]+/);
    return `${svc.prefix}:${verb ? verb[0] : action.slice(0, 3)}*`;
  }
  if (roll < 0.85) {
    const word = action.match(/[A-Z][a-z]+/g);
    return `${svc.prefix}:*${word ? pick(word) : 'Get'}*`;
  }
  if (roll < 0.93) {
    const i = between(0, action.length - 1);
    return `${svc.prefix}:${action.slice(0, i)}?${action.slice(i + 1)}`;
  }
  return '*';
}

function statement(svcs, effect) {
  const result = { Effect: effect };
  const actions = Array.from({ length: between(1, 3) }, () => actionPattern(pick(svcs)));
  const useNotAction = chance(0.15);
  result[useNotAction ? 'NotAction' : 'Action'] = actions.length === 1 && chance(0.5) ? actions[0] : actions;
  const resources = Array.from({ length: between(1, 2) }, () => {
    if (chance(0.3)) return '*';
    const svc = pick(svcs);
    return svc.types.length > 0 ? resourcePattern(pick(svc.types).arn) : '*';
  });
  const useNotResource = chance(0.12);
  result[useNotResource ? 'NotResource' : 'Resource'] = resources.length === 1 && chance(0.5) ? resources[0] : resources;
  return result;
}

function policy(svcs, allowShare) {
  const statements = Array.from({ length: between(1, 4) }, () => statement(svcs, chance(allowShare) ? 'Allow' : 'Deny'));
  return { Version: '2012-10-17', Statement: statements };
}

function request(svcs) {
  const svc = chance(0.85) ? pick(svcs) : service(pick(services));
  const action = pick(svc.actions);
  let resource = '*';
  // KMS: the simulator asks the key policy too (see README); "*" would be tried against key ARNs without one.
  if (action.types.length > 0 && (chance(0.7) || svc.prefix === 'kms')) {
    resource = fillArn(pick(action.types).arn);
  }
  return { action: `${svc.prefix}:${action.name}`, resource };
}

// The default key policy of a KMS key ("Enable IAM User Permissions"): it delegates to IAM policies, so
// that the decision is the identity side's, which is what IamSnapshot evaluates.
const DEFAULT_KEY_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'EnableIamPolicies', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' }]
};

async function decide(identity, boundary, req) {
  const simulation = {
    identityPolicies: identity.map((p, i) => ({ name: `identity${i}`, policy: p })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    request: {
      principal: PRINCIPAL,
      action: req.action,
      resource: { resource: req.resource, accountId: ACCOUNT },
      contextVariables: {}
    }
  };
  if (req.action.startsWith('kms:') && req.resource !== '*') simulation.resourcePolicy = DEFAULT_KEY_POLICY;
  if (boundary) simulation.permissionBoundaryPolicies = boundary.map((p, i) => ({ name: `boundary${i}`, policy: p }));
  const result = await runSimulation(simulation, { simulationMode: 'Strict' });
  return result.resultType === 'error' ? null : result.overallResult;
}

async function main() {
  const out = path.resolve(__dirname, '..', '..', 'tests', 'TestData', 'oracle', 'cases.jsonl');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const lines = [];
  const counts = { cases: 0, dropped: 0, Allowed: 0, ExplicitlyDenied: 0, ImplicitlyDenied: 0 };
  for (let g = 0; g < GROUPS; g++) {
    const svcs = Array.from({ length: between(1, 3) }, () => service(chance(0.8) ? pick(FOCUS) : pick(services)));
    const identity = Array.from({ length: between(1, 3) }, () => policy(svcs, 0.75));
    const boundary = chance(0.3) ? [policy(svcs, 0.85)] : null;
    const requests = [];
    for (let r = 0; r < REQUESTS_PER_GROUP; r++) {
      const req = request(svcs);
      const decision = await decide(identity, boundary, req);
      if (decision === null) {
        counts.dropped++;
        continue;
      }
      counts.cases++;
      counts[decision]++;
      requests.push({ ...req, decision });
    }
    if (requests.length > 0) lines.push(JSON.stringify({ id: g, identity, boundary, requests }));
  }
  fs.writeFileSync(out, lines.join('\n') + '\n');
  console.log(JSON.stringify({ seed: SEED, groups: lines.length, ...counts }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
