# A day names its month in full, as a span of days or a month does ("November 15, 2023" beside
# "November 9–18, 2023" and "June 2023"), and as the starter catalogue and the date boxes' examples
# write it; Django's English default abbreviates it ("Nov. 15, 2023") only there.
DATE_FORMAT = "F j, Y"
# A moment likewise: "December 6, 2026, 9:14 a.m." where Django wrote "Dec. 6, 2026, 9:14 a.m.".
DATETIME_FORMAT = "F j, Y, P"
