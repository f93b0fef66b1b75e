// Generates valid BgMax files against a ledger's invoices, deterministically from a seed:
// most payments pay their invoice exactly by OCR; the rest under- and overpay, carry unknown,
// blank or mistyped references, deductions and 0-kronor transactions.
#ifndef RESKONTRA_TESTS_BGMAX_GENERATOR_H_
#define RESKONTRA_TESTS_BGMAX_GENERATOR_H_

#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/ids.h"
#include "formats/bgmax.h"

namespace reskontra::testing {

struct OpenInvoice {
  InvoiceNumber number;
  std::string ocr;
  int64_t balance_ore;
};

inline BgMaxFile GenerateBgMax(const std::vector<OpenInvoice>& invoices, int payments, uint64_t seed,
                               const std::string& bankgiro, Date date, int first_serial = 1,
                               int payments_per_deposit = 5000) {
  std::mt19937_64 rng(seed);
  BgMaxFile file;
  file.version = 1;
  file.timestamp = absl::StrCat(date.year() * 10000 + date.month() * 100 + date.day(), "060000", "000000");
  for (int i = 0; i < payments; ++i) {
    if (i % payments_per_deposit == 0) {
      file.deposits.emplace_back();
      BgMaxDeposit& d = file.deposits.back();
      d.bankgiro = bankgiro;
      d.currency = "SEK";
      d.bank_account = "99123456789012345678";
      d.payment_date = date;
      d.serial = first_serial + static_cast<int>(file.deposits.size()) - 1;
    }
    BgMaxDeposit& d = file.deposits.back();
    BgMaxPayment p;
    const OpenInvoice& inv = invoices[rng() % invoices.size()];
    p.sender_bankgiro = absl::StrCat(1000000 + rng() % 8999999);
    p.reference = inv.ocr;
    p.reference_code = kBgMaxRefOcr;
    p.channel_code = 1 + static_cast<int>(rng() % 4);
    p.bgc_serial = absl::StrCat(100000000000 + i);
    p.amount = Money::FromOre(inv.balance_ore);
    p.payer_name = absl::StrCat("Betalare ", i);
    const int kind = static_cast<int>(rng() % 100);
    if (kind < 75) {
      // exact
    } else if (kind < 80) {
      p.amount =
          Money::FromOre(std::max<int64_t>(1, inv.balance_ore - 1 - static_cast<int64_t>(rng() % 1500)));
    } else if (kind < 85) {
      p.amount = Money::FromOre(inv.balance_ore + 1 + static_cast<int64_t>(rng() % 50000));
    } else if (kind < 89) {
      p.reference = DefaultOcrReference(900000000 + static_cast<InvoiceNumber>(rng() % 99999));  // unknown
    } else if (kind < 92) {
      p.reference = "";
      p.reference_code = kBgMaxRefBlank;
    } else if (kind < 95) {
      p.reference[p.reference.size() - 1] = static_cast<char>('0' + (p.reference.back() - '0' + 1) % 10);
      p.reference_code = kBgMaxRefBadOcr;
    } else if (kind < 97) {
      p.deduction = true;
      p.deduction_code = 1;
      p.amount = Money::FromOre(1 + static_cast<int64_t>(rng() % 10000));
    } else if (kind < 98) {
      p.amount = Money();
    } else {
      p.reference_code = kBgMaxRefMultiple;
      p.extra_references.push_back(BgMaxExtraReference{inv.ocr, p.amount, kBgMaxRefOcr});
    }
    d.amount += p.deduction ? -p.amount : p.amount;
    d.payments.push_back(std::move(p));
  }
  return file;
}

}  // namespace reskontra::testing

#endif  // RESKONTRA_TESTS_BGMAX_GENERATOR_H_
