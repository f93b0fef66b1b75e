#include "domain/search.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace reskontra {

namespace {

std::string Digits(absl::string_view s) {
  std::string out;
  for (char c : s)
    if (absl::ascii_isdigit(c)) out += c;
  return out;
}

bool Contains(absl::string_view haystack, const std::string& folded_needle) {
  return folded_needle.empty() || absl::StrContains(FoldCase(haystack), folded_needle);
}

}  // namespace

std::string FoldCase(absl::string_view text) {
  return absl::AsciiStrToLower(absl::StrReplaceAll(
      text, {{"Å", "å"}, {"Ä", "ä"}, {"Ö", "ö"}, {"Æ", "æ"}, {"Ø", "ø"}, {"É", "é"}, {"Ü", "ü"}}));
}

std::vector<const Invoice*> SearchInvoices(const LedgerState& state, CompanyId company,
                                           const InvoiceSearch& search, size_t limit, bool* truncated) {
  std::vector<const Invoice*> out;
  *truncated = false;
  const std::string id = Digits(search.national_id);
  const std::string name = FoldCase(search.name), address = FoldCase(search.address);
  auto invoice_matches = [&](const Invoice& inv) {
    if (search.only_open && inv.balance().is_zero()) return false;
    if (search.min_amount.is_positive() && inv.capital < search.min_amount) return false;
    if (search.min_balance.is_positive() && inv.balance() < search.min_balance) return false;
    return search.ocr.empty() || inv.ocr_reference == search.ocr;
  };
  auto take = [&](const Invoice& inv) {
    if (!invoice_matches(inv)) return true;
    if (out.size() >= limit) {
      *truncated = true;
      return false;
    }
    out.push_back(&inv);
    return true;
  };
  // By the OCR reference: one claim at most.
  if (!search.ocr.empty() && id.empty() && name.empty() && address.empty() &&
      search.customer_number.empty()) {
    if (const Invoice* inv = state.FindInvoiceByOcr(company, search.ocr)) take(*inv);
    return out;
  }
  const bool by_customer =
      !id.empty() || !name.empty() || !address.empty() || !search.customer_number.empty();
  if (!by_customer) {
    for (auto it = state.invoices.lower_bound(CompanyInvoiceKey{company, 0});
         it != state.invoices.end() && it->first.company == company; ++it)
      if (!take(it->second)) break;
    return out;
  }
  for (auto it = state.customers.lower_bound(CompanyCustomerRef{company, ""});
       it != state.customers.end() && it->first.company == company; ++it) {
    const Customer& cu = it->second;
    const CustomerDetails& d = cu.details;
    if (!search.customer_number.empty() && cu.number != search.customer_number) continue;
    if (!id.empty() && Digits(d.national_id).find(id) == std::string::npos) continue;
    if (!Contains(d.name, name)) continue;
    if (!address.empty() && !Contains(d.street, address) && !Contains(d.postal_code, address) &&
        !Contains(d.city, address) && !Contains(absl::StrCat(d.postal_code, " ", d.city), address))
      continue;
    for (InvoiceNumber n : cu.invoices)
      if (const Invoice* inv = state.FindInvoice(company, n); inv != nullptr && !take(*inv)) return out;
  }
  return out;
}

}  // namespace reskontra
