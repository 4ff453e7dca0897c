// `./run bench:review-signature [reviews]`: where a review's signature check spends its CPU,
// viem's recovery against the indexer's check, for 2 reviewers and for one reviewer per review.
import { benchReviewSignature } from "../agents/bench/reviewSignatureBench.js";

const reviews = Number(process.argv[2] ?? 2_000);
for (const reviewers of [2, reviews]) console.log(JSON.stringify(await benchReviewSignature(reviews, reviewers)));
