// Issue 26, item 3 (part): the clerk's search (handbook 6.1) over the ledger's invoices.
#include "domain/search.h"

#include <gtest/gtest.h>

#include "tests/domain_fixture.h"
#include "tests/test_util.h"

namespace reskontra {
namespace {

using namespace reskontra::testing;  // NOLINT

class SearchTest : public DomainFixture {
 protected:
  SearchTest() : DomainFixture(Date(2026, 11, 5)) {}
  void SetUp() override {
    Must(CompanyCmd());
    Command a = CustomerCmd("10001");
    auto& ra = std::get<RegisterCustomer>(a.body);
    ra.details.name = "Åsa Öberg";
    ra.details.street = "Storgatan 12";
    ra.details.postal_code = "372 30";
    ra.details.city = "Ronneby";
    Must(a);
    Command b = CustomerCmd("20001");
    auto& rb = std::get<RegisterCustomer>(b.body);
    rb.details.name = "Bygg AB";
    rb.details.national_id = "5566771233";
    rb.details.kind = CustomerKind::kOrganisation;
    rb.details.city = "Karlskrona";
    Must(b);
    Must(InvoiceCmd(20000001, "10001", 100000));  // 1 250,00 with VAT
    Must(InvoiceCmd(20000002, "10001", 20000));   //   250,00
    Must(InvoiceCmd(20000003, "20001", 400000));  // 5 000,00
    Must(PaymentCmd("pay", 20000002, 25000));     // paid in full
  }
  std::vector<InvoiceNumber> Find(const InvoiceSearch& s, size_t limit = 100, bool* truncated = nullptr) {
    bool t = false;
    std::vector<InvoiceNumber> out;
    for (const Invoice* inv : SearchInvoices(state_, 1, s, limit, truncated ? truncated : &t))
      out.push_back(inv->number);
    return out;
  }
};

TEST_F(SearchTest, EveryCriterionGivenMustHold) {
  using V = std::vector<InvoiceNumber>;
  EXPECT_EQ(Find({.name = "åsa"}), (V{20000001, 20000002}));  // any case, å too
  EXPECT_EQ(Find({.name = "ÖBERG", .only_open = true}), (V{20000001}));
  EXPECT_EQ(Find({.national_id = "556677-1233"}), (V{20000003}));
  EXPECT_EQ(Find({.national_id = "6677"}), (V{20000003}));  // a part finds too
  EXPECT_EQ(Find({.national_id = "9999"}), (V{}));
  EXPECT_EQ(Find({.address = "372 30 ronneby"}), (V{20000001, 20000002}));  // postal code and city
  EXPECT_EQ(Find({.address = "karlskrona"}), (V{20000003}));
  EXPECT_EQ(Find({.customer_number = "20001"}), (V{20000003}));
  EXPECT_EQ(Find({.ocr = state_.FindInvoice(1, 20000002)->ocr_reference}), (V{20000002}));
  EXPECT_EQ(Find({.min_amount = Money::FromOre(100000)}), (V{20000001, 20000003}));
  EXPECT_EQ(Find({.min_balance = Money::FromOre(200000)}), (V{20000003}));
  EXPECT_EQ(Find({.name = "åsa", .min_balance = Money::FromOre(1)}), (V{20000001}));
  EXPECT_EQ(Find({.name = "ingen sådan"}), (V{}));
  bool truncated = false;
  EXPECT_EQ(Find({}, 2, &truncated), (V{20000001, 20000002}));
  EXPECT_TRUE(truncated);
  EXPECT_EQ(FoldCase("ÅÄÖ Ab"), "åäö ab");
}

}  // namespace
}  // namespace reskontra
