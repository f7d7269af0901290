/* libm: roots, trigonometry, exponentials, rounding, classification. */
#include <float.h>
#include <math.h>
#include "check.h"

int main(void)
{
	printf("sqrt(2) = %.15f\n", sqrt(2.0));
	printf("cbrt(27) = %.6f\n", cbrt(27.0));
	printf("sin(1) = %.15f cos(1) = %.15f tan(1) = %.15f\n", sin(1.0), cos(1.0), tan(1.0));
	printf("atan2(1,-1) = %.15f pi = %.15f\n", atan2(1.0, -1.0), M_PI);
	printf("exp(1) = %.15f log(10) = %.15f log10(1000) = %.6f log2(1024) = %.6f\n", exp(1.0),
	       log(10.0), log10(1000.0), log2(1024.0));
	printf("pow(2, 0.5) = %.15f pow(-8, 1/3.) = %f\n", pow(2.0, 0.5), pow(-8.0, 1.0 / 3));
	printf("floor/ceil/round/trunc(-2.5) = %.1f %.1f %.1f %.1f\n", floor(-2.5), ceil(-2.5),
	       round(-2.5), trunc(-2.5));
	printf("rint(2.5) = %.1f nearbyint(3.5) = %.1f lround(2.5) = %ld\n", rint(2.5),
	       nearbyint(3.5), lround(2.5));
	printf("fmod(10, 3) = %.1f remainder(10, 3) = %.1f\n", fmod(10.0, 3.0),
	       remainder(10.0, 3.0));
	int e;
	double m = frexp(48.0, &e);
	printf("frexp(48) = %.4f * 2^%d ldexp = %.1f\n", m, e, ldexp(m, e));
	printf("hypot(3,4) = %.1f fabs(-0.25) = %.2f copysign = %.1f\n", hypot(3, 4), fabs(-0.25),
	       copysign(2.0, -1.0));
	printf("sinh(1) = %.12f tanh(0.5) = %.12f erf(1) = %.12f tgamma(5) = %.6f\n", sinh(1.0),
	       tanh(0.5), erf(1.0), tgamma(5.0));
	printf("isnan(NAN) %d isinf(-INFINITY) %d isfinite(DBL_MAX) %d signbit(-0.0) %d\n",
	       !!isnan(NAN), !!isinf(-INFINITY), !!isfinite(DBL_MAX), !!signbit(-0.0));
	printf("sqrt(-1) is nan: %d log(0) = %f\n", !!isnan(sqrt(-1.0)), log(0.0));
	printf("float: sqrtf(2) = %.7f expf(1) = %.6f\n", sqrtf(2.0f), expf(1.0f));
	printf("DBL_EPSILON = %g FLT_MAX = %g\n", DBL_EPSILON, FLT_MAX);
	return 0;
}
