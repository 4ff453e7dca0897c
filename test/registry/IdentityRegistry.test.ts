import { describe, it } from "mocha";
import { expect } from "chai";
import { zeroAddress } from "viem";
import {
  bindAgentWallet,
  readAgent,
  registerIdentity,
  RegistryRevertError,
  setAgentUri,
  signWalletProof,
} from "../../agents/chain/identityRegistry.js";
import { agentWalletSetTypedData } from "../../agents/protocol/identity712.js";
import { deployRegistry } from "./fixture.js";

async function expectRevert(p: Promise<unknown>, errorName: string): Promise<RegistryRevertError> {
  const err = await p.then(
    () => expect.fail(`expected ${errorName}`),
    (e: unknown) => e,
  );
  expect(err).to.be.instanceOf(RegistryRevertError);
  expect((err as RegistryRevertError).errorName).to.equal(errorName);
  return err as RegistryRevertError;
}

describe("IdentityRegistry", () => {
  it("registers an agent: ERC-721 id from the Registered event, URI, owner and the registrant as wallet", async () => {
    const f = await deployRegistry();
    const owner = f.addr(1);
    const { agentId } = await registerIdentity(f.clients(1), "data:application/json,{}");
    const second = await registerIdentity(f.clients(2), "https://b.example/registration.json");
    expect([agentId, second.agentId]).to.deep.equal([0n, 1n]);
    expect(await readAgent(f.publicClient, f.registry, agentId)).to.deep.equal({ agentId, owner, agentURI: "data:application/json,{}", wallet: owner });
  });

  it("binds a wallet that signed the canonical AgentWalletSet proof, and only the owner may send it", async () => {
    const f = await deployRegistry();
    const { agentId } = await registerIdentity(f.clients(1), "ipfs://card");
    const wallet = f.signer(5);
    const deadline = (await f.now()) + 120n;
    const signature = await signWalletProof(wallet, { chainId: f.chainId, registry: f.registry, agentId, owner: f.addr(1), deadline });
    const revert = await expectRevert(bindAgentWallet(f.clients(2), { agentId, wallet: f.addr(5), deadline, signature }), "IdentityRegistryNotAuthorized");
    expect(revert.args).to.deep.equal([agentId, f.addr(2)]);
    await bindAgentWallet(f.clients(1), { agentId, wallet: f.addr(5), deadline, signature });
    expect((await readAgent(f.publicClient, f.registry, agentId)).wallet).to.equal(f.addr(5));
  });

  it("error: a proof signed by another key than the wallet is refused", async () => {
    const f = await deployRegistry();
    const { agentId } = await registerIdentity(f.clients(1), "ipfs://card");
    const deadline = (await f.now()) + 120n;
    const impostor = f.signer(6);
    const victim = f.addr(5);
    const signature = await impostor.signTypedData(
      agentWalletSetTypedData(f.chainId, f.registry, {
        agentId,
        newWallet: victim,
        owner: f.addr(1),
        deadline,
      }),
    );
    const revert = await expectRevert(bindAgentWallet(f.clients(1), { agentId, wallet: victim, deadline, signature }), "IdentityRegistryInvalidWalletProof");
    expect(revert.args).to.deep.equal([agentId, victim]);
  });

  it("error: a wallet proof cannot be replayed, even to re-bind after the wallet changed", async () => {
    const f = await deployRegistry();
    const owner = f.addr(1);
    const { agentId } = await registerIdentity(f.clients(1), "ipfs://card");
    const deadline = (await f.now()) + 200n;
    const proofA = await signWalletProof(f.signer(5), { chainId: f.chainId, registry: f.registry, agentId, owner, deadline });
    const proofB = await signWalletProof(f.signer(6), { chainId: f.chainId, registry: f.registry, agentId, owner, deadline });
    await bindAgentWallet(f.clients(1), { agentId, wallet: f.addr(5), deadline, signature: proofA });
    await bindAgentWallet(f.clients(1), { agentId, wallet: f.addr(6), deadline, signature: proofB });
    await expectRevert(bindAgentWallet(f.clients(1), { agentId, wallet: f.addr(5), deadline, signature: proofA }), "IdentityRegistryProofReused");
    expect((await readAgent(f.publicClient, f.registry, agentId)).wallet).to.equal(f.addr(6));
  });

  it("error: an expired proof, or one whose deadline is more than 5 minutes ahead, is refused", async () => {
    const f = await deployRegistry();
    const owner = f.addr(1);
    const { agentId } = await registerIdentity(f.clients(1), "ipfs://card");
    const wallet = f.signer(5);
    const deadline = (await f.now()) + 30n;
    const signature = await signWalletProof(wallet, { chainId: f.chainId, registry: f.registry, agentId, owner, deadline });
    await f.networkHelpers.time.increase(60);
    const expired = await expectRevert(bindAgentWallet(f.clients(1), { agentId, wallet: f.addr(5), deadline, signature }), "IdentityRegistryProofExpired");
    expect(expired.args[1]).to.equal(deadline);
    const far = (await f.now()) + 3_600n;
    const farSig = await signWalletProof(wallet, { chainId: f.chainId, registry: f.registry, agentId, owner, deadline: far });
    await expectRevert(bindAgentWallet(f.clients(1), { agentId, wallet: f.addr(5), deadline: far, signature: farSig }), "IdentityRegistryDeadlineTooFar");
  });

  it("error: only the owner updates the URI; the update emits URIUpdated with the caller", async () => {
    const f = await deployRegistry();
    const { agentId } = await registerIdentity(f.clients(1), "ipfs://old");
    await expectRevert(setAgentUri(f.clients(2), agentId, "https://evil.example/card.json"), "IdentityRegistryNotAuthorized");
    await setAgentUri(f.clients(1), agentId, "ipfs://new");
    expect((await readAgent(f.publicClient, f.registry, agentId)).agentURI).to.equal("ipfs://new");
    const events = await f.contract.getEvents.URIUpdated({}, { fromBlock: 0n });
    expect(events.map((e) => [e.args.agentId, e.args.newURI, e.args.updatedBy])).to.deep.equal([[agentId, "ipfs://new", f.addr(1)]]);
  });

  it("error: an unknown agent id is a typed ERC721NonexistentToken; a transfer clears the wallet", async () => {
    const f = await deployRegistry();
    await expectRevert(readAgent(f.publicClient, f.registry, 9n), "ERC721NonexistentToken");
    const { agentId } = await registerIdentity(f.clients(1), "ipfs://a");
    await f.contract.write.transferFrom([f.addr(1), f.addr(2), agentId], { account: f.wallets[1]!.account! });
    expect((await readAgent(f.publicClient, f.registry, agentId)).wallet).to.equal(zeroAddress);
  });
});
