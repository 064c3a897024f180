#pragma once
// A small random number generator of our own, so that a seed gives the same initial weights and
// the same shuffles on every platform and compiler. (std::mt19937 is portable, but
// std::uniform_real_distribution and friends are implementation-defined, so the same seed gives
// different numbers with libstdc++, libc++ and MSVC.)
//
// PCG32 (O'Neill 2014, "PCG: A Family of Simple Fast Space-Efficient Statistically Good
// Algorithms for Random Number Generation", pcg-random.org): a 64-bit linear congruential
// generator whose output is a permuted (xorshift + random rotation) view of the state.
#include <cstdint>
#include <vector>

namespace cs {

class Pcg32 {
  public:
    // Same seeding as the reference pcg32_srandom_r(rng, seed, stream): generators with
    // different streams give independent sequences even for the same seed.
    explicit Pcg32(uint64_t seed, uint64_t stream = 0) : increment_((stream << 1u) | 1u) {
        next_u32();
        state_ += seed;
        next_u32();
    }

    uint32_t next_u32() {
        const uint64_t old = state_;
        state_ = old * 6364136223846793005ULL + increment_;
        const auto xorshifted = static_cast<uint32_t>(((old >> 18u) ^ old) >> 27u);
        const auto rotation = static_cast<uint32_t>(old >> 59u);
        return (xorshifted >> rotation) | (xorshifted << ((32u - rotation) & 31u));
    }

    // Uniform in [0, 1) with 24 random bits: every value is exactly representable as a float,
    // so the result does not depend on the platform's rounding.
    float uniform01() { return static_cast<float>(next_u32() >> 8) * (1.0f / 16777216.0f); }

    // Uniform in [low, high). Computed in double, where (high − low)·u (a 24-bit by 24-bit
    // product) and the sum are exact for the symmetric ranges the initialisers use, so the one
    // rounding is the final conversion to float — whether or not the compiler fuses the
    // multiply and add into an FMA instruction, as some targets do.
    float uniform(float low, float high) {
        const double u = uniform01();
        return static_cast<float>(static_cast<double>(low) +
                                  (static_cast<double>(high) - static_cast<double>(low)) * u);
    }

    // Uniform integer in [0, bound), without the bias of a plain modulo: values of the 32-bit
    // output below 2^32 mod bound are rejected so that every residue is equally likely.
    uint32_t below(uint32_t bound) {
        const uint32_t threshold = (0u - bound) % bound;
        while (true) {
            const uint32_t r = next_u32();
            if (r >= threshold) {
                return r % bound;
            }
        }
    }

  private:
    uint64_t state_ = 0;
    uint64_t increment_;
};

// Fisher–Yates shuffle of `items` driven by `rng`.
template <typename T>
void shuffle(std::vector<T>& items, Pcg32& rng) {
    for (size_t i = items.size(); i > 1; --i) {
        const size_t j = rng.below(static_cast<uint32_t>(i));
        std::swap(items[i - 1], items[j]);
    }
}

}  // namespace cs
