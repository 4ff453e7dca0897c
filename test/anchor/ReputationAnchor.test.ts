import { describe, it } from "mocha";
import { expect } from "chai";
import { network } from "hardhat";
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { getAddress, keccak256, toHex, zeroAddress, zeroHash, type Hex, type PublicClient, type WalletClient } from "viem";
import { REVIEW_LEAF_TYPES, reviewLeaf } from "../../agents/protocol/reviewLeaf.js";
import type { ReviewLeaf } from "../../agents/protocol/reviewLeaf.js";
import { buildReviewTree } from "../../agents/indexer/merkle/index.js";
import {
  AnchorRevertError,
  anchorEpoch,
  latestEpoch,
  readEpoch,
  readEpochSeconds,
  reputationAnchorAbi,
  verifyReviewOnChain,
} from "../../agents/chain/anchor.js";
import { UserInputError } from "../../agents/errors.js";
import { ozTree, randomReviews } from "./fixtures.js";

const dataset = (n: number): Hex => keccak256(toHex(`dataset-${n}`));

const DAY = 86_400n;

async function deploy() {
  const { viem, networkHelpers } = await network.create();
  const [admin, anchorer, stranger] = await viem.getWalletClients();
  const publicClient = (await viem.getPublicClient()) as unknown as PublicClient;
  const contract = await viem.deployContract("ReputationAnchor", [admin!.account.address, anchorer!.account.address, DAY]);
  const clients = (w: typeof admin) => ({
    walletClient: w as unknown as WalletClient,
    publicClient,
    address: contract.address,
  });
  return { viem, networkHelpers, contract, publicClient, admin: admin!, anchorer: anchorer!, stranger: stranger!, clients, address: contract.address };
}

async function expectRevert(p: Promise<unknown>, errorName: string, args?: readonly unknown[]): Promise<AnchorRevertError> {
  const err = await p.then(
    () => expect.fail(`expected ${errorName}`),
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(AnchorRevertError);
  const revert = err as AnchorRevertError;
  expect(revert.errorName).to.equal(errorName);
  if (args) expect(revert.args).to.deep.equal(args);
  return revert;
}

describe("ReputationAnchor", () => {
  it("anchors an epoch: getters, head, and a RootAnchored event carrying every stored field", async () => {
    const { clients, anchorer, publicClient, address, contract } = await deploy();
    expect(await latestEpoch(publicClient, address)).to.equal(null);
    const root = keccak256(toHex("root-7"));
    const res = await anchorEpoch(clients(anchorer), { epoch: 7n, root, leafCount: 12, datasetHash: dataset(7) });
    expect(res.sequence).to.equal(1n);
    expect(res.gasUsed > 21_000n).to.equal(true);

    const events = await publicClient.getContractEvents({ address, abi: reputationAnchorAbi, eventName: "RootAnchored", fromBlock: 0n });
    expect(events).to.have.length(1);
    expect(events[0]!.args).to.deep.equal({ epoch: 7n, root, leafCount: 12n, datasetHash: dataset(7), prevEpoch: 0n, sequence: 1n });
    expect(await contract.read.rootOf([7n])).to.equal(root);
    expect(await contract.read.leafCountOf([7n])).to.equal(12n);
    expect(await contract.read.datasetHashOf([7n])).to.equal(dataset(7));
    expect(await contract.read.latestEpoch()).to.equal(7n);
    expect(await contract.read.head()).to.deep.equal([7n, 1n]);
    const rec = await readEpoch(publicClient, address, 7n);
    expect(rec).to.include({ epoch: 7n, root, leafCount: 12n, datasetHash: dataset(7), sequence: 1n });
    expect(await readEpoch(publicClient, address, 8n)).to.equal(null);
    expect(await latestEpoch(publicClient, address)).to.equal(7n);
  });

  it("links every anchor to the previous epoch and numbers them, in storage and in the events", async () => {
    const { clients, anchorer, publicClient, address, contract } = await deploy();
    const epochs = [0n, 1n, 5n, 6n, 1000n];
    for (const [i, epoch] of epochs.entries()) {
      const res = await anchorEpoch(clients(anchorer), { epoch, root: keccak256(toHex(i + 1)), leafCount: i + 1, datasetHash: dataset(i) });
      expect(res.sequence).to.equal(BigInt(i + 1));
    }
    const events = await publicClient.getContractEvents({ address, abi: reputationAnchorAbi, eventName: "RootAnchored", fromBlock: 0n });
    expect(events.map((e) => [e.args.epoch, e.args.prevEpoch, e.args.sequence])).to.deep.equal(
      epochs.map((epoch, i) => [epoch, i === 0 ? 0n : epochs[i - 1]!, BigInt(i + 1)]),
    );
    expect(await contract.read.head()).to.deep.equal([1000n, 5n]);
    const rec = await readEpoch(publicClient, address, 1000n);
    expect(rec).to.include({ prevEpoch: 6n, sequence: 5n });
  });

  it("lets the owner rotate the anchorer: the old key is refused, the new one anchors", async () => {
    const { clients, admin, anchorer, stranger, contract, publicClient, address } = await deploy();
    expect(await contract.read.anchorer()).to.equal(getAddress(anchorer.account.address));
    await anchorEpoch(clients(anchorer), { epoch: 1n, root: keccak256("0x01"), leafCount: 1, datasetHash: dataset(1) });
    await contract.write.setAnchorer([stranger.account.address], { account: admin.account });
    expect(await contract.read.anchorer()).to.equal(getAddress(stranger.account.address));
    const changed = await publicClient.getContractEvents({ address, abi: reputationAnchorAbi, eventName: "AnchorerChanged", fromBlock: 0n });
    expect(changed.map((e) => [e.args.previousAnchorer, e.args.newAnchorer])).to.deep.equal([
      [zeroAddress, getAddress(anchorer.account.address)],
      [getAddress(anchorer.account.address), getAddress(stranger.account.address)],
    ]);
    await expectRevert(
      anchorEpoch(clients(anchorer), { epoch: 2n, root: keccak256("0x02"), leafCount: 1, datasetHash: dataset(2) }),
      "ReputationAnchorNotAnchorer",
      [getAddress(anchorer.account.address), getAddress(stranger.account.address)],
    );
    const res = await anchorEpoch(clients(stranger), { epoch: 2n, root: keccak256("0x02"), leafCount: 1, datasetHash: dataset(2) });
    expect(res.sequence).to.equal(2n);
  });

  it("error: only the owner sets the anchorer (not the anchorer itself)", async () => {
    const { anchorer, stranger, contract } = await deploy();
    for (const who of [stranger, anchorer]) {
      const err = await contract.write.setAnchorer([who.account.address], { account: who.account }).then(
        () => expect.fail("expected OwnableUnauthorizedAccount"),
        (e: unknown) => e,
      );
      expect(String(err)).to.include("OwnableUnauthorizedAccount");
    }
    expect(await contract.read.anchorer()).to.equal(getAddress(anchorer.account.address));
  });

  it("error: rejects an anchor from any account but the anchorer (even the owner)", async () => {
    const { clients, admin, anchorer, stranger } = await deploy();
    for (const who of [stranger, admin]) {
      await expectRevert(
        anchorEpoch(clients(who), { epoch: 1n, root: keccak256("0x01"), leafCount: 1, datasetHash: dataset(1) }),
        "ReputationAnchorNotAnchorer",
        [getAddress(who.account.address), getAddress(anchorer.account.address)],
      );
    }
  });

  it("error: epochs only go forward", async () => {
    const { clients, anchorer, contract } = await deploy();
    await anchorEpoch(clients(anchorer), { epoch: 10n, root: keccak256("0x0a"), leafCount: 3, datasetHash: dataset(10) });
    await expectRevert(
      anchorEpoch(clients(anchorer), { epoch: 9n, root: keccak256("0x09"), leafCount: 3, datasetHash: dataset(9) }),
      "ReputationAnchorEpochNotAfterLatest",
      [9n, 10n],
    );
    expect(await contract.read.rootOf([9n])).to.equal(zeroHash);
  });

  it("error: an anchored root can never be overwritten", async () => {
    const { clients, anchorer, contract } = await deploy();
    const root = keccak256("0xaa");
    await anchorEpoch(clients(anchorer), { epoch: 3n, root, leafCount: 2, datasetHash: dataset(3) });
    await expectRevert(
      anchorEpoch(clients(anchorer), { epoch: 3n, root: keccak256("0xbb"), leafCount: 5, datasetHash: dataset(4) }),
      "ReputationAnchorEpochAlreadyAnchored",
      [3n, root],
    );
    expect(await contract.read.rootOf([3n])).to.equal(root);
    expect(await contract.read.leafCountOf([3n])).to.equal(2n);
    expect(await contract.read.datasetHashOf([3n])).to.equal(dataset(3));
  });

  it("error: rejects a zero root or an empty epoch on-chain and in the binding", async () => {
    const { contract, anchorer, clients } = await deploy();
    const write = (root: Hex, count: bigint) =>
      contract.write.anchor([1n, root, count, dataset(1)], { account: anchorer.account }).then(
        () => "ok",
        (e: Error) => e.message,
      );
    expect(await write(zeroHash, 1n)).to.contain("ReputationAnchorZeroRoot");
    expect(await write(keccak256("0x01"), 0n)).to.contain("ReputationAnchorEmptyEpoch");
    for (const bad of [
      { epoch: 1n, root: zeroHash, leafCount: 1, datasetHash: dataset(1) },
      { epoch: 1n, root: keccak256("0x01"), leafCount: 0, datasetHash: dataset(1) },
      { epoch: -1n, root: keccak256("0x01"), leafCount: 1, datasetHash: dataset(1) },
      { epoch: 1n, root: "0x1234" as Hex, leafCount: 1, datasetHash: dataset(1) },
    ]) {
      const err = await anchorEpoch(clients(anchorer), bad).catch((e: unknown) => e);
      expect(err).to.be.instanceOf(UserInputError);
    }
  });

  it("fixes the epoch length at deployment and reports the chain's current epoch", async () => {
    const { contract, publicClient, address } = await deploy();
    expect(await readEpochSeconds(publicClient, address)).to.equal(86_400);
    const { timestamp } = await publicClient.getBlock();
    expect(await contract.read.currentEpoch()).to.equal(timestamp / DAY);
  });

  it("error: a far-future epoch (type(uint64).max) is refused and the next real epoch still anchors", async () => {
    const { clients, anchorer, contract, networkHelpers } = await deploy();
    const current = await contract.read.currentEpoch();
    await anchorEpoch(clients(anchorer), { epoch: current - 1n, root: keccak256("0x01"), leafCount: 1, datasetHash: dataset(1) });
    const max = (1n << 64n) - 1n;
    for (const epoch of [max, current + 1n]) {
      await expectRevert(
        anchorEpoch(clients(anchorer), { epoch, root: keccak256("0x02"), leafCount: 1, datasetHash: dataset(2) }),
        "ReputationAnchorEpochNotStarted",
        [epoch, current],
      );
    }
    expect(await contract.read.head()).to.have.property("0", current - 1n);
    await anchorEpoch(clients(anchorer), { epoch: current, root: keccak256("0x03"), leafCount: 1, datasetHash: dataset(3) });
    await networkHelpers.time.increaseTo((current + 1n) * DAY);
    await anchorEpoch(clients(anchorer), { epoch: current + 1n, root: keccak256("0x04"), leafCount: 1, datasetHash: dataset(4) });
    expect(await contract.read.latestEpoch()).to.equal(current + 1n);
  });

  it("error: latestEpoch reverts before the first anchor", async () => {
    const { contract } = await deploy();
    const msg = await contract.read.latestEpoch().then(
      () => "ok",
      (e: Error) => e.message,
    );
    expect(msg).to.contain("ReputationAnchorNothingAnchored");
  });
});

describe("ReputationAnchor.verifyReview", () => {
  async function anchoredTree(reviews: ReviewLeaf[], epoch = 1n) {
    const env = await deploy();
    const oz = StandardMerkleTree.of(reviews.map(reviewLeaf), [...REVIEW_LEAF_TYPES]);
    await anchorEpoch(env.clients(env.anchorer), { epoch, root: oz.root as Hex, leafCount: reviews.length, datasetHash: dataset(1) });
    return { ...env, oz };
  }

  it("accepts every review of trees built by @openzeppelin/merkle-tree (1, 2, 3, 8 and 13 leaves)", async () => {
    for (const size of [1, 2, 3, 8, 13]) {
      const reviews = randomReviews(size, 500 + size);
      const { oz, publicClient, address, contract } = await anchoredTree(reviews);
      for (const [i, r] of reviews.entries()) {
        expect(await verifyReviewOnChain(publicClient, address, 1n, r, oz.getProof(i) as Hex[]), `size ${size} leaf ${i}`).to.equal(true);
        expect(await contract.read.reviewLeaf([r])).to.equal(oz.leafHash(reviewLeaf(r)));
      }
    }
  });

  it("accepts proofs from the fast builder for the same root", async () => {
    const reviews = randomReviews(37, 4242);
    const { publicClient, address } = await anchoredTree(reviews);
    const tree = await buildReviewTree(reviews);
    for (const i of [0, 1, 17, 36]) {
      expect(await verifyReviewOnChain(publicClient, address, 1n, reviews[i]!, tree.proof(i))).to.equal(true);
    }
  });

  it("error: rejects a changed review, a wrong or unanchored epoch, and a truncated proof", async () => {
    const reviews = randomReviews(9, 77);
    const { oz, publicClient, address, clients, anchorer } = await anchoredTree(reviews, 1n);
    const other = ozTree(randomReviews(9, 78));
    await anchorEpoch(clients(anchorer), { epoch: 2n, root: other.root as Hex, leafCount: 9, datasetHash: dataset(2) });
    const r = reviews[4]!;
    const proof = oz.getProof(4) as Hex[];
    const check = (epoch: bigint, review: ReviewLeaf, p: Hex[]) => verifyReviewOnChain(publicClient, address, epoch, review, p);
    expect(await check(1n, r, proof)).to.equal(true);
    expect(await check(1n, { ...r, rating: r.rating === 5 ? 4 : 5 }, proof)).to.equal(false);
    expect(await check(1n, { ...r, timestamp: r.timestamp + 1n }, proof)).to.equal(false);
    expect(await check(1n, { ...r, subject: r.reviewer }, proof)).to.equal(false);
    expect(await check(2n, r, proof)).to.equal(false);
    expect(await check(3n, r, proof)).to.equal(false);
    expect(await check(1n, r, proof.slice(0, -1))).to.equal(false);
    expect(await check(1n, r, [])).to.equal(false);
  });

  it("error: an internal node cannot be passed off as a leaf", async () => {
    const reviews = randomReviews(8, 5);
    const { oz, publicClient, address } = await anchoredTree(reviews);
    // In a full 8-leaf tree node 3 is internal; its children (7, 8) are leaves. The attacker knows
    // the node, its 64-byte preimage (the two sorted child hashes) and a valid path above it.
    const dump = oz.dump();
    const [a, b] = [dump.tree[7]!, dump.tree[8]!].sort() as [Hex, Hex];
    const nodeProof = [dump.tree[4]!, dump.tree[2]!] as Hex[];
    // Against a single-hashed 64-byte leaf the attack works: the path from the node reaches the root.
    const naive = nodeProof.reduce((acc, sib) => keccak256(([acc, sib].sort() as Hex[]).reduce((x, y) => (x + y.slice(2)) as Hex)), keccak256((a + b.slice(2)) as Hex));
    expect(naive).to.equal(oz.root);
    // Through verifyReview the preimage can only enter as review fields, which are double-hashed
    // as a 288-byte encoding, so the same path never verifies.
    const zero = `0x${"00".repeat(20)}` as const;
    const forged: ReviewLeaf = { taskId: a, reviewer: zero, subject: zero, rating: 0, commentHash: b, timestamp: 0n, worker: zero, claimedSuccessBps: 0, deliveredBps: 0 };
    expect(await verifyReviewOnChain(publicClient, address, 1n, forged, nodeProof)).to.equal(false);
    expect(await verifyReviewOnChain(publicClient, address, 1n, { ...forged, taskId: b, commentHash: a }, nodeProof)).to.equal(false);
    // And the node itself is not the leaf hash of any review in the tree.
    expect(reviews.map((r) => oz.leafHash(reviewLeaf(r)))).to.not.include(dump.tree[3]);
  });
});
