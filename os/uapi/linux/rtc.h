/*
 * The RTC's ioctl /dev/rtc0 answers: reading the time.
 * Checked against <linux/rtc.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_RTC_H
#define UAPI_LINUX_RTC_H

struct rtc_time {
	int tm_sec;
	int tm_min;
	int tm_hour;
	int tm_mday;
	int tm_mon;		/* 0-11 */
	int tm_year;		/* years since 1900 */
	int tm_wday;
	int tm_yday;
	int tm_isdst;
};

#define RTC_RD_TIME 0x80247009	/* _IOR('p', 0x09, struct rtc_time) */
#endif
