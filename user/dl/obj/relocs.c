/*
 * relocs.o: every relocation type the loader handles, each checked at
 * run time by the code it patches. Built without -fPIC and with unwind
 * tables (.eh_frame: SET6/SUB6, ADD32/SUB32, 32_PCREL); the assembly
 * below makes the types compiled C rarely does (plain CALL, SET8..32
 * with their SUB pairs, ADD8..64, RVC jumps) and .balign padding that
 * R_RISCV_ALIGN must trim. Each r_* function returns 0 when every value
 * it checks is right, else the number of the first wrong one.
 */
long r_value = 5;	/* HI20 + LO12_I/LO12_S from C */

long r_target(long x)
{
	return x + 1000;
}

/*
 * r_jumps(x): BRANCH, JAL, RVC_BRANCH, RVC_JUMP, CALL and CALL_PLT, with
 * a .balign 16 in the middle; returns x + 1000 + 7 when each jump lands.
 */
__asm__(
	".section .text.r_jumps,\"ax\",@progbits\n"
	".globl r_jumps\n"
	".type r_jumps,@function\n"
	"r_jumps:\n"
	"	addi sp, sp, -16\n"
	"	sd ra, 8(sp)\n"
	"	sd s1, 0(sp)\n"
	"	mv s1, a0\n"
	"	beq a0, a0, 1f\n"		/* BRANCH */
	"	li s1, -1\n"
	"1:	jal zero, 2f\n"			/* JAL */
	"	li s1, -2\n"
	"2:	c.beqz a5, 3f\n"		/* RVC_BRANCH (a5 is 0 below) */
	"3:	c.j 4f\n"			/* RVC_JUMP */
	"	li s1, -3\n"
	"	.balign 16\n"			/* ALIGN */
	".globl r_aligned16\n"
	"r_aligned16:\n"
	"4:	addi s1, s1, 7\n"
	"	mv a0, s1\n"
	"	.reloc ., R_RISCV_CALL, r_target\n"	/* CALL */
	"	auipc ra, 0\n"
	"	jalr ra, 0(ra)\n"
	"	mv s1, a0\n"
	"	li a0, 0\n"
	"	call r_zero\n"			/* CALL_PLT */
	"	add a0, a0, s1\n"
	"	ld ra, 8(sp)\n"
	"	ld s1, 0(sp)\n"
	"	addi sp, sp, 16\n"
	"	ret\n"
	"	.balign 8\n"
	".globl r_aligned8\n"
	"r_aligned8:\n"
	"	ret\n"
	".size r_jumps, .-r_jumps\n"
	".text\n");

long r_zero(long x)
{
	return x;
}

/* Label differences across ALIGN padding, stored with ADD/SUB and SET/SUB
 * pairs; r_pairs compares each with the distance the code measures. */
__asm__(
	".section .text.r_span,\"ax\",@progbits\n"
	".globl r_span_a\n"
	"r_span_a:\n"
	"	nop\n"
	"	.balign 32\n"
	"	c.nop\n"
	"	.balign 16\n"
	".globl r_span_b\n"
	"r_span_b:\n"
	"	ret\n"
	".section .rodata.r_diffs,\"a\",@progbits\n"
	".globl r_diffs\n"
	"r_diffs:\n"
	"	.byte r_span_b - r_span_a\n"		/* ADD8/SUB8 */
	"	.byte 0\n"
	"	.half r_span_b - r_span_a\n"		/* ADD16/SUB16 */
	"	.word r_span_b - r_span_a\n"		/* ADD32/SUB32 */
	"	.quad r_span_b - r_span_a\n"		/* ADD64/SUB64 */
	"	.reloc ., R_RISCV_SET6, r_span_b\n"
	"	.reloc ., R_RISCV_SUB6, r_span_a\n"
	"	.byte 0xc0\n"				/* SET6/SUB6, top bits kept */
	"	.reloc ., R_RISCV_SET8, r_span_b\n"
	"	.reloc ., R_RISCV_SUB8, r_span_a\n"
	"	.byte 0\n"				/* SET8/SUB8 */
	"	.reloc ., R_RISCV_SET16, r_span_b\n"
	"	.reloc ., R_RISCV_SUB16, r_span_a\n"
	"	.half 0\n"				/* SET16/SUB16 */
	"	.reloc ., R_RISCV_SET32, r_span_b\n"
	"	.reloc ., R_RISCV_SUB32, r_span_a\n"
	"	.word 0\n"				/* SET32/SUB32 */
	"	.reloc ., R_RISCV_32_PCREL, r_target\n"
	"	.word 0\n"				/* 32_PCREL: r_target - here */
	"	.word r_target\n"			/* R_RISCV_32 */
	"	.quad r_target\n"			/* R_RISCV_64 */
	".text\n");

struct diffs {
	unsigned char d8, pad;
	unsigned short d16;
	unsigned int d32;
	unsigned long d64;
	unsigned char set6, set8;
	unsigned short set16;
	unsigned int set32;
	int pcrel32;
	unsigned int abs32;
	unsigned long abs64;
} __attribute__((packed));

extern const struct diffs r_diffs;
extern char r_span_a[], r_span_b[], r_aligned16[], r_aligned8[];

long r_pairs(void)
{
	unsigned long d = r_span_b - r_span_a;
	const struct diffs *v = &r_diffs;

	if (v->d8 != d) return 1;
	if (v->d16 != d) return 2;
	if (v->d32 != d) return 3;
	if (v->d64 != d) return 4;
	if (v->set6 != (0xc0 | (d & 0x3f))) return 5;
	if (v->set8 != d) return 6;
	if (v->set16 != d) return 7;
	if (v->set32 != d) return 8;
	if ((char *)&v->pcrel32 + v->pcrel32 != (char *)r_target) return 9;
	if (v->abs32 != (unsigned int)(unsigned long)r_target) return 10;
	if (v->abs64 != (unsigned long)r_target) return 11;
	return 0;
}

/* The labels .balign put on a boundary must be on it after loading. */
long r_align(void)
{
	if ((unsigned long)r_aligned16 % 16) return 1;
	if ((unsigned long)r_aligned8 % 8) return 2;
	if ((unsigned long)r_span_b % 16) return 3;
	return 0;
}

/* PCREL_HI20 with PCREL_LO12_I and _S, and GOT_HI20, by hand. */
long r_pcrel(long x)
{
	long got, old;

	__asm__ volatile(
		"1:	auipc t0, %%pcrel_hi(r_value)\n"
		"	ld %1, %%pcrel_lo(1b)(t0)\n"	/* PCREL_LO12_I */
		"2:	auipc t0, %%pcrel_hi(r_value)\n"
		"	sd %2, %%pcrel_lo(2b)(t0)\n"	/* PCREL_LO12_S */
		"3:	auipc t0, %%got_pcrel_hi(r_value)\n"
		"	ld %0, %%pcrel_lo(3b)(t0)\n"	/* GOT_HI20 */
		: "=r"(got), "=&r"(old) : "r"(x) : "t0", "memory");
	if (got != (long)&r_value) return -1;
	return old * 100 + r_value;	/* old value, then the stored x */
}

/* HI20/LO12 from C: read and write r_value. */
long r_abs(long x)
{
	long old = r_value;
	r_value = x;
	return old;
}
