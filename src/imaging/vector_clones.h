/* VECTOR_CLONES: compile a loop again for AVX2 where the processor has it,
 * picked at load time: twice the lanes per instruction, and the same
 * arithmetic in the same order, so the same results. */
#ifndef PLANCHE_VECTOR_CLONES_H
#define PLANCHE_VECTOR_CLONES_H

#if defined(__x86_64__) && defined(__has_attribute)
#if __has_attribute(target_clones)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#endif
#endif
#ifndef VECTOR_CLONES
#define VECTOR_CLONES
#endif

#endif
