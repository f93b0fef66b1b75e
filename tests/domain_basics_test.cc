// Money, dates and identifiers: the value types every rule stands on.
#include <gtest/gtest.h>

#include <vector>

#include "base/boxed.h"
#include "domain/date.h"
#include "domain/ids.h"
#include "domain/money.h"

namespace reskontra {
namespace {

TEST(BoxedTest, AllocatesOnlyForAValueOtherThanTheDefault) {
  Boxed<std::vector<int>> b;
  EXPECT_FALSE(b.allocated());
  EXPECT_TRUE(b->empty());  // reads the default without allocating
  EXPECT_FALSE(b.allocated());
  b.mut().push_back(7);
  EXPECT_TRUE(b.allocated());
  Boxed<std::vector<int>> copy = b;  // deep
  copy.mut().push_back(8);
  EXPECT_EQ(b->size(), 1u);
  EXPECT_EQ(copy->size(), 2u);
  EXPECT_NE(b, copy);
  Boxed<std::vector<int>> emptied;
  emptied.mut();                                  // allocated, still the default value
  EXPECT_EQ(emptied, Boxed<std::vector<int>>());  // equal by value
  emptied.set({});
  EXPECT_FALSE(emptied.allocated());
  emptied.set({1});
  EXPECT_TRUE(emptied.allocated());
  EXPECT_EQ(*emptied, std::vector<int>{1});
  copy = emptied;
  EXPECT_EQ(copy, emptied);
}

TEST(MoneyTest, ParsesKronorTable) {
  struct Case {
    const char* text;
    int64_t ore;
  } cases[] = {{"0", 0},
               {"1", 100},
               {"1234", 123400},
               {"1234,5", 123450},
               {"1234,50", 123450},
               {"1 234,50", 123450},
               {"1234.05", 123405},
               {"-12,00", -1200},
               {"12,00-", -1200},
               {"99999999,99", 9999999999},
               {"0,01", 1}};
  for (const Case& c : cases) {
    absl::StatusOr<Money> m = Money::Parse(c.text);
    ASSERT_TRUE(m.ok()) << c.text << ": " << m.status();
    EXPECT_EQ(m->ore(), c.ore) << c.text;
  }
}

TEST(MoneyTest, RejectsMalformedAmounts) {
  for (const char* bad : {"", "-", "1,234", "12,", ",5", "1.2.3", "abc", "12a", "1  234", " 12", "12 ", "--1",
                          "1e5", "0x10", "12345678901234567"}) {
    absl::StatusOr<Money> m = Money::Parse(bad);
    EXPECT_FALSE(m.ok()) << "'" << bad << "' parsed as " << (m.ok() ? m->ore() : 0);
    if (!m.ok()) EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  }
  EXPECT_NE(Money::Parse("1,234").status().message().find("2 decimals"), absl::string_view::npos);
}

TEST(MoneyTest, FormatsKronor) {
  EXPECT_EQ(Money::FromOre(123450).ToKronor(), "1 234,50");
  EXPECT_EQ(Money::FromOre(-5).ToKronor(), "-0,05");
  EXPECT_EQ(Money::FromOre(0).ToKronor(), "0,00");
  EXPECT_EQ(Money::FromOre(100000000).ToKronor(), "1 000 000,00");
  EXPECT_EQ(Money::FromOre(-123456).ToDecimal(), "-1234.56");
  EXPECT_EQ(Money::FromOre(INT64_MIN).ToDecimal(), "-92233720368547758.08");
}

TEST(MoneyTest, ArithmeticIsOverflowChecked) {
  Money max = Money::FromOre(INT64_MAX);
  EXPECT_FALSE(max.CheckedAdd(Money::FromOre(1)).has_value());
  EXPECT_FALSE(Money::FromOre(INT64_MIN).CheckedSub(Money::FromOre(1)).has_value());
  EXPECT_EQ(max.CheckedSub(Money::FromOre(1))->ore(), INT64_MAX - 1);
  EXPECT_DEATH((void)(max + Money::FromOre(1)), "CHECK failed");
}

TEST(MoneyTest, VatRoundsHalfAwayFromZero) {
  EXPECT_EQ(ApplyBasisPoints(Money::FromOre(10000), 2500)->ore(), 2500);
  EXPECT_EQ(ApplyBasisPoints(Money::FromOre(2), 2500)->ore(), 1);                    // 0.5 -> 1
  EXPECT_EQ(ApplyBasisPoints(Money::FromOre(1), 2500)->ore(), 0);                    // 0.25 -> 0
  EXPECT_EQ(ApplyBasisPoints(Money::FromOre(-2), 2500)->ore(), -1);                  // -0.5 -> -1
  EXPECT_EQ(ApplyBasisPoints(Money::FromOre(333), 1200)->ore(), 40);                 // 39.96
  EXPECT_EQ(ApplyBasisPoints(Money::FromOre(9999999999), 2500)->ore(), 2500000000);  // 2499999999.75
}

TEST(DateTest, ParsesAndRoundTrips) {
  EXPECT_EQ(*ParseDate("2026-02-28"), Date(2026, 2, 28));
  EXPECT_EQ(*ParseDate("20240229"), Date(2024, 2, 29));
  EXPECT_EQ(*ParseDate("261122"), Date(2026, 11, 22));  // the handbook's ÅÅMMDD
  EXPECT_EQ(FormatDate(Date(2026, 1, 5)), "2026-01-05");
  EXPECT_EQ(DaysToDate(DateToDays(Date(2031, 7, 14))), Date(2031, 7, 14));
  // DaysToDate's constant-time arithmetic agrees with Abseil's civil-day arithmetic on every
  // day from year 1000 to 3000 (and so does the round trip).
  for (int32_t days = DateToDays(Date(1000, 1, 1)); days <= DateToDays(Date(3000, 12, 31)); ++days) {
    const Date expected = Date(1970, 1, 1) + days;
    ASSERT_EQ(DaysToDate(days), expected) << days;
    ASSERT_EQ(DateToDays(expected), days);
  }
}

TEST(DateTest, RejectsImpossibleAndOutOfRangeDates) {
  for (const char* bad : {"2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-1-5", "2026/01/05",
                          "", "1989-12-31", "2100-01-01", "26-11-22", "2026-11-22T00:00"}) {
    absl::StatusOr<Date> d = ParseDate(bad);
    EXPECT_FALSE(d.ok()) << bad;
    if (!d.ok()) EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(IdsTest, LuhnAndOcr) {
  EXPECT_EQ(LuhnCheckDigit("811228987"), 4);  // 811228-9874, Skatteverket's example
  EXPECT_TRUE(LuhnValid("8112289874"));
  EXPECT_FALSE(LuhnValid("8112289875"));
  EXPECT_EQ(DefaultOcrReference(10009001), "0100090018");
  EXPECT_TRUE(ValidateOcrReference("0100090018").ok());
  EXPECT_FALSE(ValidateOcrReference("0100090017").ok());
  EXPECT_FALSE(ValidateOcrReference("12a4").ok());
  EXPECT_FALSE(ValidateOcrReference("1").ok());
}

TEST(IdsTest, NationalIdsAndNumbers) {
  EXPECT_TRUE(ValidateNationalId("811228-9874").ok());
  EXPECT_TRUE(ValidateNationalId("198112289874").ok());
  EXPECT_FALSE(ValidateNationalId("811228-9875").ok());
  EXPECT_FALSE(ValidateNationalId("81122898").ok());
  // Issue 23, item 17: the birth date must exist; a samordningsnummer's day is + 60; an
  // organisation number's "month" is 20 or more.
  auto with_check = [](std::string nine) { return nine + static_cast<char>('0' + LuhnCheckDigit(nine)); };
  EXPECT_TRUE(ValidateNationalId(with_check("000229123")).ok());  // 29 February 2000
  EXPECT_TRUE(ValidateNationalId(with_check("811288123")).ok());  // samordningsnummer, 28 December
  EXPECT_TRUE(ValidateNationalId(with_check("556677889")).ok());  // organisation number
  EXPECT_TRUE(ValidateNationalId("16" + with_check("556677889")).ok());
  for (const char* impossible : {"810230123", "811328123", "811245123", "811200123", "811292123"}) {
    absl::Status s = ValidateNationalId(with_check(impossible));
    EXPECT_FALSE(s.ok()) << impossible;
    EXPECT_NE(s.message().find("impossible birth date"), absl::string_view::npos) << s;
  }
  EXPECT_FALSE(ValidateNationalId("19" + with_check("010229123")).ok());  // 29 February 1901
  EXPECT_TRUE(ValidateNationalId("20" + with_check("000229123")).ok());
  EXPECT_FALSE(ValidateNationalId("16" + with_check("811228123")).ok());  // 16 + a personnummer
  EXPECT_TRUE(ValidateInvoiceNumber(10000001).ok());
  EXPECT_FALSE(ValidateInvoiceNumber(999999).ok());  // routine 00
  EXPECT_FALSE(ValidateInvoiceNumber(1000000000).ok());
  EXPECT_EQ(RoutineOf(20001001), 2);
  EXPECT_EQ(FormatInvoiceNumber(20001001), "020001001");
  EXPECT_FALSE(ValidateCustomerNumber("").ok());
  EXPECT_FALSE(ValidateCustomerNumber("a b").ok());
  EXPECT_FALSE(ValidateCustomerNumber(std::string(21, '1')).ok());
  EXPECT_TRUE(ValidateText("name", "Åsa Öberg", 9, true).ok());  // 9 characters, 11 bytes
  EXPECT_FALSE(ValidateText("name", "Åsa Öberg!", 9, true).ok());
  EXPECT_FALSE(ValidateText("name", "   ", 9, true).ok());
  EXPECT_FALSE(ValidateText("name", "a\nb", 9, false).ok());
}

TEST(BankAccountTest, AnIbanIsCheckedAndAnAccountNumberKeptAsDigits) {
  EXPECT_EQ(*NormaliseBankAccount("se45 5000 0000 0583 9825 7466"), "SE4550000000058398257466");
  EXPECT_EQ(*NormaliseBankAccount("NO93 8601 1117 947"), "NO9386011117947");
  EXPECT_EQ(NormaliseBankAccount("8601.1117947").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*NormaliseBankAccount("8601-11 17947"), "86011117947");
  EXPECT_FALSE(NormaliseBankAccount("SE4550000000058398257467").ok());  // check digits
  EXPECT_FALSE(NormaliseBankAccount("123456").ok());                    // too short for an account
  EXPECT_FALSE(NormaliseBankAccount("SE45-ÅÄÖ").ok());
  EXPECT_TRUE(SameBankAccount("NO9386011117947", "86011117947"));
  EXPECT_TRUE(SameBankAccount("86011117947", "NO9386011117947"));
  EXPECT_FALSE(SameBankAccount("NO9386011117947", "86011117948"));
  EXPECT_FALSE(SameBankAccount("SE4550000000058398257466", "58398257466"));
}

}  // namespace
}  // namespace reskontra
