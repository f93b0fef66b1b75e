#include "domain/decider.h"

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "domain/ids.h"
#include "domain/limits.h"

namespace reskontra {

absl::Status CheckAmount(absl::string_view what, Money m) {
  if (!m.is_positive()) return absl::InvalidArgumentError(absl::StrCat(what, " must be above zero"));
  if (m.ore() > limits::kAmountOreMax) {
    return absl::InvalidArgumentError(absl::StrCat(what, " ", m.ToKronor(), " is above the limit ",
                                                   Money::FromOre(limits::kAmountOreMax).ToKronor()));
  }
  return absl::OkStatus();
}

absl::Status CheckVersion(const CommandMeta& meta, int64_t actual, absl::string_view stream) {
  if (meta.expected_version.has_value() && *meta.expected_version != actual) {
    return absl::AbortedError(
        absl::StrCat(stream, " is at version ", actual, ", expected ", *meta.expected_version));
  }
  return absl::OkStatus();
}

absl::StatusOr<const Customer*> DeciderBase::FindCustomer(const std::string& number) const {
  RETURN_IF_ERROR(ValidateCustomerNumber(number));
  const Customer* cu = s_.FindCustomer(meta_.company, number);
  if (!cu) {
    return absl::NotFoundError(
        absl::StrCat("customer ", number, " does not exist in company ", meta_.company));
  }
  return cu;
}

absl::StatusOr<const Invoice*> DeciderBase::FindInvoice(InvoiceNumber n) const {
  RETURN_IF_ERROR(ValidateInvoiceNumber(n));
  const Invoice* inv = s_.FindInvoice(meta_.company, n);
  if (!inv) return s_.InvoiceNotFound(meta_.company, n);
  return inv;
}

absl::StatusOr<const PaymentMethodDefined*> DeciderBase::FindMethod(const std::string& code) const {
  if (code.empty()) return nullptr;
  const PaymentMethodDefined* m = s_.FindMethod(meta_.company, code);
  if (m == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("payment method '", code, "' is not in the register of company ", meta_.company));
  }
  if (m->text_only) {
    return absl::FailedPreconditionError(
        absl::StrCat("payment method '", code, "' is text-only; it cannot carry an amount"));
  }
  return m;
}

absl::StatusOr<Date> DeciderBase::TransactionDate(const std::optional<Date>& given,
                                                  const Invoice& inv) const {
  Date d = given.value_or(ctx_.today);
  RETURN_IF_ERROR(CheckDateInRange(d, "transaction date"));
  if (d > ctx_.today) {
    return absl::InvalidArgumentError(absl::StrCat(
        "transaction date ", FormatDate(d), " is in the future (today is ", FormatDate(ctx_.today), ")"));
  }
  if (d < inv.invoice_date) {
    return absl::InvalidArgumentError(absl::StrCat(
        "transaction date ", FormatDate(d), " is before the invoice date ", FormatDate(inv.invoice_date)));
  }
  return d;
}

}  // namespace reskontra
