#include "domain/decide.h"

#include <algorithm>
#include <tuple>
#include <type_traits>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/archive.h"
#include "domain/dunning.h"
#include "domain/interest.h"
#include "domain/limits.h"
#include "domain/ocr.h"
#include "domain/postings.h"

namespace reskontra {

namespace {

using Events = std::vector<Event>;

template <class T>
concept IsDunningCommand = std::is_same_v<T, SetDunningPolicy> || std::is_same_v<T, DefineDunningCode> ||
    std::is_same_v<T, AssignDunningCode> || std::is_same_v<T, RemoveDunningCode> ||
    std::is_same_v<T, RunDunning> || std::is_same_v<T, ClearDunningStep> ||
    std::is_same_v<T, ChangeDueDate> || std::is_same_v<T, GrantDeferral> ||
    std::is_same_v<T, CreateAmortizationPlan> || std::is_same_v<T, CancelAmortizationPlan> ||
    std::is_same_v<T, ApplyPaymentOrder> || std::is_same_v<T, TransferToCollection>;
template <class T>
concept IsInterestCommand = std::is_same_v<T, SetReferenceRate> || std::is_same_v<T, SetInterestPolicy> ||
    std::is_same_v<T, RecordPaidInterest> || std::is_same_v<T, RunInterestInvoicing> ||
    std::is_same_v<T, TransferInterestToNextInvoice>;

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

absl::Status ValidateDetails(const CustomerDetails& d) {
  RETURN_IF_ERROR(ValidateText("customer name", d.name, limits::kCustomerNameMax, true));
  RETURN_IF_ERROR(ValidateNationalId(d.national_id));
  std::string id = NormaliseNationalId(d.national_id);
  if (d.kind == CustomerKind::kOrganisation && id.size() == 10 && id[2] < '2') {
    return absl::InvalidArgumentError(
        absl::StrCat("organisation number '", d.national_id, "' must have a third digit of 2 or more"));
  }
  RETURN_IF_ERROR(ValidateText("street", d.street, limits::kAddressFieldMax, false));
  RETURN_IF_ERROR(ValidateText("postal code", d.postal_code, 10, false));
  RETURN_IF_ERROR(ValidateText("city", d.city, limits::kAddressFieldMax, false));
  RETURN_IF_ERROR(ValidateText("email", d.email, limits::kAddressFieldMax, false));
  if (!d.country.empty() &&
      (d.country.size() != 2 || !absl::ascii_isupper(d.country[0]) || !absl::ascii_isupper(d.country[1]))) {
    return absl::InvalidArgumentError(absl::StrCat("country '", d.country, "' is not an ISO code like SE"));
  }
  if (d.delivery == DeliveryChannel::kEmail && d.email.find('@') == std::string::npos) {
    return absl::InvalidArgumentError("delivery by email needs an email address");
  }
  return absl::OkStatus();
}

CustomerDetails Normalised(CustomerDetails d) {
  d.national_id = NormaliseNationalId(d.national_id);
  if (d.country.empty()) d.country = "SE";
  return d;
}

class Decider {
 public:
  Decider(const LedgerState& s, const CommandMeta& meta, const DecideContext& ctx)
      : s_(s), meta_(meta), ctx_(ctx) {}

  absl::StatusOr<Events> operator()(const RegisterCompany& c) {
    RETURN_IF_ERROR(ValidateText("company name", c.name, limits::kCompanyNameMax, true));
    if (!c.org_number.empty()) RETURN_IF_ERROR(ValidateNationalId(c.org_number));
    if (s_.FindCompany(meta_.company)) {
      return absl::AlreadyExistsError(absl::StrCat("company ", meta_.company, " already exists"));
    }
    return One(ctx_.today, CompanyRegistered{c.name, NormaliseNationalId(c.org_number)});
  }

  absl::StatusOr<Events> operator()(const RegisterCustomer& c) {
    RETURN_IF_ERROR(ValidateCustomerNumber(c.customer_number));
    RETURN_IF_ERROR(ValidateDetails(c.details));
    if (s_.FindCustomer(meta_.company, c.customer_number)) {
      return absl::AlreadyExistsError(absl::StrCat("customer ", c.customer_number, " already exists"));
    }
    RETURN_IF_ERROR(CheckVersion(meta_, 0, "customer"));
    return One(ctx_.today, CustomerRegistered{c.customer_number, Normalised(c.details)});
  }

  absl::StatusOr<Events> operator()(const ChangeCustomer& c) {
    ASSIGN_OR_RETURN(const Customer* cu, FindCustomer(c.customer_number));
    RETURN_IF_ERROR(ValidateDetails(c.details));
    RETURN_IF_ERROR(CheckVersion(meta_, cu->version, "customer"));
    return One(ctx_.today, CustomerChanged{c.customer_number, Normalised(c.details)});
  }

  absl::StatusOr<Events> operator()(const IssueInvoice& c) {
    RETURN_IF_ERROR(ValidateInvoiceNumber(c.invoice_number));
    ASSIGN_OR_RETURN(const Customer* cu, FindCustomer(c.customer_number));
    RETURN_IF_ERROR(CheckDateInRange(c.invoice_date, "invoice date"));
    RETURN_IF_ERROR(CheckDateInRange(c.due_date, "due date"));
    if (c.due_date < c.invoice_date) {
      return absl::InvalidArgumentError(absl::StrCat(
          "due date ", FormatDate(c.due_date), " is before the invoice date ", FormatDate(c.invoice_date)));
    }
    if (c.lines.empty()) return absl::InvalidArgumentError("an invoice needs at least one line");
    if (c.lines.size() > static_cast<size_t>(limits::kInvoiceLinesMax)) {
      return absl::InvalidArgumentError(
          absl::StrCat("an invoice has at most ", limits::kInvoiceLinesMax, " lines"));
    }
    InvoiceIssued ev;
    ev.invoice_number = c.invoice_number;
    ev.customer_number = c.customer_number;
    ev.routine = RoutineOf(c.invoice_number);
    ev.invoice_date = c.invoice_date;
    ev.due_date = c.due_date;
    Money total;
    for (size_t i = 0; i < c.lines.size(); ++i) {
      const IssueInvoiceLine& l = c.lines[i];
      std::string at = absl::StrCat("line ", i + 1);
      RETURN_IF_ERROR(
          ValidateText(absl::StrCat(at, " description"), l.description, limits::kLineDescriptionMax, true));
      if (l.net.is_negative() || l.net.ore() > limits::kAmountOreMax) {
        return absl::InvalidArgumentError(absl::StrCat(at, " amount must be between 0 and the limit"));
      }
      if (l.vat_rate_bp != 0 && l.vat_rate_bp != 600 && l.vat_rate_bp != 1200 && l.vat_rate_bp != 2500) {
        return absl::InvalidArgumentError(
            absl::StrCat(at, " VAT rate ", l.vat_rate_bp, " bp is not a Swedish rate (0, 600, 1200, 2500)"));
      }
      if (l.revenue_account < 1000 || l.revenue_account > 9999) {
        return absl::InvalidArgumentError(
            absl::StrCat(at, " revenue account ", l.revenue_account, " is not a 4-digit account"));
      }
      ASSIGN_OR_RETURN(Money vat, ApplyBasisPoints(l.net, l.vat_rate_bp));
      ev.lines.push_back(InvoiceLine{l.description, l.net, l.vat_rate_bp, vat, l.revenue_account});
      total += l.net + vat;
      if (total.ore() > limits::kAmountOreMax) {
        return absl::InvalidArgumentError("invoice total is above the amount limit");
      }
    }
    RETURN_IF_ERROR(CheckAmount("invoice total", total));
    ev.total = total;
    const Company* company = s_.FindCompany(meta_.company);
    const auto& settings = company->payment_settings;
    const ReferenceKind kind =
        settings ? static_cast<ReferenceKind>(settings->reference_kind) : ReferenceKind::kOcr;
    if (c.ocr_reference.empty()) {
      ev.ocr_reference = PaymentReferenceFor(*company, c.invoice_number);
    } else {
      RETURN_IF_ERROR(kind == ReferenceKind::kOcr
                          ? ValidateOcrReference(c.ocr_reference)
                          : ValidateReference(c.ocr_reference, kind, OcrControl::kSoft));
      ev.ocr_reference = c.ocr_reference;
    }
    if (s_.ocr_index.contains(std::make_pair(meta_.company, ev.ocr_reference))) {
      return absl::AlreadyExistsError(
          absl::StrCat("OCR reference ", ev.ocr_reference, " is already used by another invoice"));
    }
    if (s_.FindInvoice(meta_.company, c.invoice_number) ||
        s_.archived.contains(CompanyInvoiceKey{meta_.company, c.invoice_number})) {
      return absl::AlreadyExistsError(absl::StrCat("invoice ", FormatInvoiceNumber(c.invoice_number),
                                                   " already exists in company ", meta_.company));
    }
    RETURN_IF_ERROR(CheckVersion(meta_, 0, "invoice"));
    const Money carried = cu->carried;
    Events out = One(c.invoice_date, std::move(ev));
    // Överföring nästa faktura: a difference carried from an earlier payment lands here; an
    // overpayment lowers the invoice at most to zero and the rest waits for the next one.
    const Money applied = carried.is_negative() ? Max(carried, -total) : carried;
    if (!applied.is_zero()) {
      out.push_back(
          Make(c.invoice_date, CarriedDifferenceApplied{c.invoice_number, c.customer_number, applied}));
    }
    return out;
  }

  absl::StatusOr<Events> operator()(const RecordPayment& c) {
    RETURN_IF_ERROR(CheckAmount("payment amount", c.amount));
    RETURN_IF_ERROR(ValidateText("reference", c.reference, limits::kReferenceMax, false));
    RETURN_IF_ERROR(ValidateText("payer name", c.payer_name, limits::kPayerNameMax, false));
    ASSIGN_OR_RETURN(const PaymentMethodDefined* method, FindMethod(c.method));
    if (c.invoice_number == 0 && !c.customer_number.empty()) return CustomerPayment(c, method);
    if (!c.customer_number.empty()) {
      return absl::InvalidArgumentError("give an invoice number or a customer number, not both");
    }
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    ASSIGN_OR_RETURN(Date date, TransactionDate(c.transaction_date, *inv));
    if (inv->status == InvoiceStatus::kAnnulled) {
      return absl::FailedPreconditionError(absl::StrCat("invoice ", FormatInvoiceNumber(c.invoice_number),
                                                        " is annulled; it takes no payments"));
    }
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    if (method != nullptr && method->debit) {
      // A debit method raises the claim (e.g. a wrongly reported payment corrected).
      if ((inv->balance() + c.amount).ore() > limits::kAmountOreMax) {
        return absl::InvalidArgumentError("the balance after the debit would be above the amount limit");
      }
      return One(date, DebitAdjusted{c.invoice_number, c.amount, c.reference, method->code});
    }
    if (method != nullptr && method->special != MethodSpecial::kNone)
      return ReverseCharge(c, *method, *inv, date);
    const std::string payment_id = meta_.command_id;
    Events out;
    out.push_back(Make(date, PaymentReceived{payment_id, c.channel, c.amount, c.reference, c.payer_name,
                                             c.invoice_number, method ? method->code : "", false}));
    if (!inv->balance().is_positive() && inv->recoverable().is_positive()) {
      const Money recovered = Min(c.amount, inv->recoverable());
      out.push_back(Make(date, WriteOffRecovered{payment_id, c.invoice_number, recovered}));
      if (c.amount > recovered) {
        out.push_back(Make(date, OverpaymentRecorded{payment_id, inv->customer_number, c.invoice_number,
                                                     c.amount - recovered}));
      }
      return out;
    }
    Allocation a = Allocate(*inv, c.amount, Order());
    if (!a.allocated().is_zero()) {
      out.push_back(
          Make(date, PaymentAllocated{payment_id, c.invoice_number, a.fees, a.interest, a.capital}));
    }
    const Money rest = a.rest;
    if (rest.is_positive()) {
      out.push_back(
          Make(date, OverpaymentRecorded{payment_id, inv->customer_number, c.invoice_number, rest}));
    }
    return out;
  }

  absl::StatusOr<Events> operator()(const CreditInvoice& c) {
    RETURN_IF_ERROR(ValidateText("remark", c.remark, limits::kRemarkMax, false));
    RETURN_IF_ERROR(
        ValidateText("credit note number", c.credit_note_number, limits::kCreditNoteNumberMax, false));
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    ASSIGN_OR_RETURN(Date date, TransactionDate(c.transaction_date, *inv));
    ASSIGN_OR_RETURN(Money amount, ReducingAmount("credit", c.amount, *inv));
    ASSIGN_OR_RETURN(const PaymentMethodDefined* method, FindMethod(c.method));
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    return One(date,
               InvoiceCredited{c.invoice_number, c.credit_note_number, amount, c.remark, CodeOf(method)});
  }

  absl::StatusOr<Events> operator()(const AnnulInvoice& c) {
    RETURN_IF_ERROR(ValidateText("remark", c.remark, limits::kRemarkMax, false));
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    ASSIGN_OR_RETURN(Date date, TransactionDate(c.transaction_date, *inv));
    ASSIGN_OR_RETURN(Money amount, ReducingAmount("annulment", std::nullopt, *inv));
    ASSIGN_OR_RETURN(const PaymentMethodDefined* method, FindMethod(c.method));
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    if (NeedsApproval(ApprovalKind::kAnnulment, amount))
      return RequestApproval(ApprovalKind::kAnnulment, *inv, amount, c.remark, date, CodeOf(method));
    return One(date, InvoiceAnnulled{c.invoice_number, amount, c.remark, CodeOf(method)});
  }

  absl::StatusOr<Events> operator()(const AdjustDebit& c) {
    RETURN_IF_ERROR(CheckAmount("debit amount", c.amount));
    RETURN_IF_ERROR(ValidateText("remark", c.remark, limits::kRemarkMax, false));
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    ASSIGN_OR_RETURN(Date date, TransactionDate(c.transaction_date, *inv));
    if (inv->status == InvoiceStatus::kAnnulled) {
      return absl::FailedPreconditionError(absl::StrCat("invoice ", FormatInvoiceNumber(c.invoice_number),
                                                        " is annulled; it cannot be debited"));
    }
    if ((inv->balance() + c.amount).ore() > limits::kAmountOreMax) {
      return absl::InvalidArgumentError("the balance after the debit would be above the amount limit");
    }
    ASSIGN_OR_RETURN(const PaymentMethodDefined* method, FindMethod(c.method));
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    return One(date, DebitAdjusted{c.invoice_number, c.amount, c.remark, CodeOf(method)});
  }

  absl::StatusOr<Events> operator()(const WriteOff& c) {
    RETURN_IF_ERROR(ValidateText("remark", c.remark, limits::kRemarkMax, false));
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    ASSIGN_OR_RETURN(Date date, TransactionDate(c.transaction_date, *inv));
    ASSIGN_OR_RETURN(Money amount, ReducingAmount("write-off", c.amount, *inv));
    ASSIGN_OR_RETURN(const PaymentMethodDefined* method, FindMethod(c.method));
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    if (NeedsApproval(ApprovalKind::kWriteOff, amount))
      return RequestApproval(ApprovalKind::kWriteOff, *inv, amount, c.remark, date, CodeOf(method));
    return One(date, WrittenOff{c.invoice_number, amount, c.remark, CodeOf(method)});
  }

  absl::StatusOr<Events> operator()(const SetApprovalPolicy& c) {
    const ApprovalPolicySet& p = c.policy;
    if (p.write_off_from.is_negative() || p.write_off_from.ore() > limits::kAmountOreMax)
      return absl::InvalidArgumentError(absl::StrCat("write-off approval threshold ",
                                                     p.write_off_from.ToKronor(), " is outside 0..",
                                                     Money::FromOre(limits::kAmountOreMax).ToKronor()));
    if (!p.write_off && !p.write_off_from.is_zero())
      return absl::InvalidArgumentError("a write-off approval threshold needs write-off approval turned on");
    RETURN_IF_ERROR(CheckVersion(meta_, s_.FindCompany(meta_.company)->version, "company"));
    return One(ctx_.today, p);
  }

  absl::StatusOr<Events> operator()(const DecideApproval& c) {
    RETURN_IF_ERROR(ValidateText("reason", c.reason, limits::kRemarkMax, false));
    const Company& co = *s_.FindCompany(meta_.company);
    auto it = co.approvals.find(c.request_id);
    if (it == co.approvals.end())
      return absl::NotFoundError(
          absl::StrCat("approval request ", c.request_id, " does not exist in company ", meta_.company));
    const Approval& a = it->second;
    const ApprovalRequested& r = a.request;
    if (a.decision.has_value())
      return absl::FailedPreconditionError(absl::StrCat("approval request ", c.request_id, " was already ",
                                                        a.decision->approved ? "approved" : "rejected",
                                                        " by ", a.decided_by));
    if (c.approve && a.requested_by == meta_.actor)
      return absl::PermissionDeniedError(absl::StrCat("four-eyes: approval request ", c.request_id,
                                                      " was made by ", a.requested_by,
                                                      "; another user must approve it"));
    if (!c.approve && a.requested_by != meta_.actor && c.reason.empty())
      return absl::InvalidArgumentError("a rejection of another user's request needs a reason");
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(r.invoice_number));
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    Events out = One(ctx_.today, ApprovalDecided{c.request_id, r.invoice_number, c.approve, c.reason});
    if (!c.approve) return out;
    if (inv->version != r.invoice_version)
      return absl::AbortedError(absl::StrCat("invoice ", FormatInvoiceNumber(r.invoice_number),
                                             " has changed since approval request ", c.request_id,
                                             " was made; reject it and request again"));
    // The invoice is as the requester saw it, so the effect is still allowed; check it anyway.
    ASSIGN_OR_RETURN(Date date, TransactionDate(r.transaction_date, *inv));
    ASSIGN_OR_RETURN(const PaymentMethodDefined* method, FindMethod(r.method));
    if (r.kind == ApprovalKind::kAnnulment) {
      ASSIGN_OR_RETURN(Money amount, ReducingAmount("annulment", std::nullopt, *inv));
      if (amount != r.amount) return absl::AbortedError("the balance has changed since the request");
      out.push_back(Make(date, InvoiceAnnulled{r.invoice_number, amount, r.remark, CodeOf(method)}));
    } else {
      ASSIGN_OR_RETURN(Money amount, ReducingAmount("write-off", r.amount, *inv));
      out.push_back(Make(date, WrittenOff{r.invoice_number, amount, r.remark, CodeOf(method)}));
    }
    return out;
  }

  absl::StatusOr<Events> operator()(const SetAccountPlan& c) {
    RETURN_IF_ERROR(ValidateAccountPlan(c.plan));
    return One(ctx_.today, c.plan);
  }

  absl::StatusOr<Events> operator()(const ClosePeriod& c) {
    RETURN_IF_ERROR(CheckDateInRange(c.through, "close through"));
    if (!(c.through < ctx_.today))
      return absl::FailedPreconditionError(
          absl::StrCat("a period can be closed once it has ended: ", FormatDate(c.through),
                       " is not before today ", FormatDate(ctx_.today)));
    if (const PeriodClosed* last = s_.FindCompany(meta_.company)->LastClose();
        last && !(last->through < c.through))
      return absl::FailedPreconditionError(
          absl::StrCat("the books are already closed through ", FormatDate(last->through)));
    return One(c.through, PeriodClosed{c.through, c.move_to_open, ctx_.head_position, ctx_.head_hash});
  }

  absl::StatusOr<Events> operator()(const ArchiveInvoices& c) {
    RETURN_IF_ERROR(CheckDateInRange(c.paid_before, "paid before"));
    ASSIGN_OR_RETURN(std::vector<const Invoice*> chosen, SelectForArchive(s_, meta_.company, c, ctx_.today));
    if (chosen.empty())
      return absl::FailedPreconditionError(
          absl::StrCat("no claim qualifies for archiving (paid before ", FormatDate(c.paid_before), ")"));
    Events out;
    for (size_t i = 0; i < chosen.size(); i += kArchiveInvoicesPerEvent) {
      InvoicesArchived ev{c.paid_before, {}};
      for (size_t j = i; j < std::min(chosen.size(), i + kArchiveInvoicesPerEvent); ++j)
        ev.invoices.push_back(chosen[j]->number);
      out.push_back(Make(ctx_.today, std::move(ev)));
    }
    return out;
  }

  absl::StatusOr<Events> operator()(const RecordPostingRun& c) {
    const PostingRunCompleted& run = c.run;
    RETURN_IF_ERROR(CheckDateInRange(run.posting_date, "posting date"));
    if (ctx_.today < run.posting_date)
      return absl::InvalidArgumentError(absl::StrCat("posting date ", FormatDate(run.posting_date),
                                                     " is after today ", FormatDate(ctx_.today)));
    const Company* co = s_.FindCompany(meta_.company);
    const uint64_t from = co->LastPostingRun() ? co->LastPostingRun()->to_position + 1 : 1;
    if (run.from_position != from)
      return absl::AbortedError(
          absl::StrCat("the posting run must start at position ", from, " (another run came first?)"));
    if (run.to_position < run.from_position || run.to_position > ctx_.head_position)
      return absl::FailedPreconditionError(absl::StrCat("nothing to post after position ", from - 1));
    // The numbers continue each year's series of the earlier runs, without a gap.
    absl::flat_hash_map<int32_t, int64_t> last;
    for (const PostingRunCompleted& earlier : co->posting_runs)
      for (const PostingRange& r : earlier.ranges) last[r.year] = std::max(last[r.year], r.last);
    int64_t count = 0;
    for (const PostingRange& r : run.ranges) {
      if (r.first != last[r.year] + 1 || r.last < r.first)
        return absl::FailedPreconditionError(absl::StrCat(
            "verifikation numbers of ", r.year, " must continue at ", last[r.year] + 1, ", not ", r.first));
      count += r.last - r.first + 1;
    }
    if (count != run.verifikationer || run.debit_total.is_negative())
      return absl::InvalidArgumentError("the posting run's count or total does not match its ranges");
    if (count == 0)
      return absl::FailedPreconditionError(absl::StrCat("nothing to post after position ", from - 1));
    return One(run.posting_date, run);
  }

  absl::StatusOr<Events> operator()(const SetPaymentSettings& c) {
    if (c.bankgiro.size() < 7 || c.bankgiro.size() > 8 || !LuhnValid(c.bankgiro)) {
      return absl::InvalidArgumentError(
          absl::StrCat("bankgiro number '", c.bankgiro, "' must be 7 or 8 digits with a valid check digit"));
    }
    for (Money limit : {c.overpayment_limit, c.underpayment_limit}) {
      if (limit.is_negative() || limit.ore() > limits::kSmallDifferenceOreMax) {
        return absl::InvalidArgumentError(
            absl::StrCat("a small-difference limit must be 0..",
                         Money::FromOre(limits::kSmallDifferenceOreMax).ToKronor(), " kr"));
      }
    }
    if (c.small_difference_account < 1000 || c.small_difference_account > 9999) {
      return absl::InvalidArgumentError("the small-difference account must have 4 digits");
    }
    if (c.ocr_control > 2) return absl::InvalidArgumentError("unknown OCR control level");
    if (c.reference_kind > 2)
      return absl::InvalidArgumentError("unknown reference kind (0 OCR, 1 KID MOD10, 2 KID MOD11)");
    if (!c.allocation_order.empty()) {
      std::string sorted = c.allocation_order;
      std::sort(sorted.begin(), sorted.end());
      if (sorted != "CFI") {
        return absl::InvalidArgumentError(
            absl::StrCat("allocation order '", c.allocation_order,
                         "' must be F (fees), I (interest), C (capital) in some order"));
      }
    }
    if (c.agency_bankgiros.size() > static_cast<size_t>(limits::kAgencyGirosMax)) {
      return absl::InvalidArgumentError(
          absl::StrCat("at most ", limits::kAgencyGirosMax, " agency giro numbers"));
    }
    for (const std::string& giro : c.agency_bankgiros) {
      if (giro.size() < 7 || giro.size() > 8 || !LuhnValid(giro)) {
        return absl::InvalidArgumentError(
            absl::StrCat("agency giro number '", giro, "' must be 7 or 8 digits with a valid check digit"));
      }
      if (giro == c.bankgiro) {
        return absl::InvalidArgumentError("an agency giro number cannot be the company's own bankgiro");
      }
    }
    PaymentSettingsSet ev;
    ev.bankgiro = c.bankgiro;
    ev.overpayment_limit = c.overpayment_limit;
    ev.underpayment_limit = c.underpayment_limit;
    ev.small_difference_account = c.small_difference_account;
    ev.ocr_control = c.ocr_control;
    ev.allocation_order = c.allocation_order == "FIC" ? "" : c.allocation_order;
    ev.oldest_first = c.oldest_first;
    ev.carry_to_next_invoice = c.carry_to_next_invoice;
    ev.agency_bankgiros = c.agency_bankgiros;
    ev.ocr_length_digit = c.ocr_length_digit;
    ev.reference_kind = c.reference_kind;
    return One(ctx_.today, std::move(ev));
  }

  absl::StatusOr<Events> operator()(const DefinePaymentMethod& c) {
    const PaymentMethodDefined& m = c.method;
    if (m.code.size() != 1 || !absl::ascii_isalnum(static_cast<unsigned char>(m.code[0]))) {
      return absl::InvalidArgumentError(
          absl::StrCat("payment method code '", m.code, "' must be one digit or letter"));
    }
    RETURN_IF_ERROR(ValidateText("payment method text", m.text, limits::kMethodTextMax, true));
    if (static_cast<int>(m.special) > 3) return absl::InvalidArgumentError("unknown special kind");
    if (m.special != MethodSpecial::kNone && m.debit) {
      return absl::InvalidArgumentError(
          "a P/K/D method lowers a charged amount; it cannot be a debit method");
    }
    if (m.text_only && (m.special != MethodSpecial::kNone || m.debit)) {
      return absl::InvalidArgumentError("a text-only method has no amount effect");
    }
    if (m.account != 0 && (m.account < 1000 || m.account > 9999)) {
      return absl::InvalidArgumentError("the fixed account must have 4 digits");
    }
    const PaymentMethodDefined* existing = s_.FindMethod(meta_.company, m.code);
    if (existing != nullptr && *existing == m) {
      return absl::AlreadyExistsError(
          absl::StrCat("payment method ", m.code, " is already defined like this"));
    }
    RETURN_IF_ERROR(CheckVersion(meta_, s_.FindCompany(meta_.company)->version, "company"));
    return One(ctx_.today, m);
  }

  absl::StatusOr<Events> operator()(const ChargeFee& c) {
    RETURN_IF_ERROR(CheckAmount("fee", c.amount));
    RETURN_IF_ERROR(ValidateText("text", c.text, limits::kRemarkMax, false));
    if (c.kind == ChargeKind::kInterest || static_cast<int>(c.kind) > 4) {
      return absl::InvalidArgumentError("a fee is a reminder, collection, plan or invoice fee");
    }
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    ASSIGN_OR_RETURN(Date date, TransactionDate(c.transaction_date, *inv));
    RETURN_IF_ERROR(OpenForCharges(*inv, c.amount));
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    return One(date, FeeCharged{c.invoice_number, c.kind, c.amount, c.charged, c.text});
  }

  absl::StatusOr<Events> operator()(const ChargeInterest& c) {
    RETURN_IF_ERROR(CheckAmount("interest", c.amount));
    RETURN_IF_ERROR(ValidateText("text", c.text, limits::kRemarkMax, false));
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    ASSIGN_OR_RETURN(Date date, TransactionDate(c.transaction_date, *inv));
    RETURN_IF_ERROR(OpenForCharges(*inv, c.amount));
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    return One(date, InterestCharged{c.invoice_number, c.amount, c.text});
  }

  absl::StatusOr<Events> operator()(const SetWatchText& c) {
    RETURN_IF_ERROR(ValidateText("watch text", c.text, limits::kWatchTextMax, false));
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    if (inv->watch_text == c.text) {
      return absl::FailedPreconditionError(c.text.empty() ? "the invoice has no watch text"
                                                          : "the invoice already has this watch text");
    }
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    return One(ctx_.today, WatchTextSet{c.invoice_number, c.text});
  }

  absl::StatusOr<Events> operator()(const ImportPaymentFile& c) { return DecideImport(s_, meta_, c, ctx_); }

  template <class T>
  requires IsDunningCommand<T> absl::StatusOr<Events>
  operator()(const T& c) { return DecideDunning(s_, meta_, CommandBody(c), ctx_); }
  template <class T>
  requires IsInterestCommand<T> absl::StatusOr<Events>
  operator()(const T& c) { return DecideInterest(s_, meta_, CommandBody(c), ctx_); }

  absl::StatusOr<Events> operator()(const ResolveUnmatchedPayment& c) {
    auto it = s_.unmatched.find(CompanyCustomerRef{meta_.company, c.payment_id});
    if (it == s_.unmatched.end()) {
      return absl::NotFoundError(absl::StrCat("payment ", c.payment_id, " is not in the unmatched queue"));
    }
    const UnmatchedPayment& u = it->second;
    const int ways = (!c.allocations.empty()) + (c.book_account != 0) + c.refund;
    if (ways != 1) {
      return absl::InvalidArgumentError("resolve a payment in exactly one way: allocate, book or refund");
    }
    RETURN_IF_ERROR(ValidateText("text", c.text, limits::kRemarkMax, c.allocations.empty()));
    Events out;
    if (c.book_account != 0) {
      if (c.book_account < 1000 || c.book_account > 9999) {
        return absl::InvalidArgumentError("the account must have 4 digits");
      }
      out.push_back(Make(ctx_.today, UnmatchedPaymentResolved{c.payment_id, Resolution::kBooked, u.amount,
                                                              c.book_account, c.text}));
      return out;
    }
    if (!u.amount.is_positive()) {
      return absl::FailedPreconditionError(absl::StrCat("payment ", c.payment_id, " is ", u.amount.ToKronor(),
                                                        " kr; only a booking can resolve it"));
    }
    if (c.refund) {
      out.push_back(Make(ctx_.today, RefundIssued{c.payment_id, u.amount, c.text}));
      out.push_back(Make(ctx_.today,
                         UnmatchedPaymentResolved{c.payment_id, Resolution::kRefunded, u.amount, 0, c.text}));
      return out;
    }
    Money sum;
    absl::flat_hash_map<InvoiceNumber, Money> per_invoice;
    for (const auto& part : c.allocations) {
      RETURN_IF_ERROR(CheckAmount("allocated amount", part.amount));
      ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(part.invoice_number));
      if (inv->status == InvoiceStatus::kAnnulled) {
        return absl::FailedPreconditionError(
            absl::StrCat("invoice ", FormatInvoiceNumber(inv->number), " is annulled"));
      }
      Money& total = per_invoice[part.invoice_number];
      total += part.amount;
      if (total > inv->balance()) {
        return absl::FailedPreconditionError(absl::StrCat("invoice ", FormatInvoiceNumber(inv->number),
                                                          " owes ", inv->balance().ToKronor(),
                                                          " kr, less than allocated"));
      }
      sum += part.amount;
      if (sum.ore() > limits::kAmountOreMax)
        return absl::InvalidArgumentError("allocations above the amount limit");
    }
    if (sum != u.amount) {
      return absl::InvalidArgumentError(absl::StrCat("allocations add up to ", sum.ToKronor(),
                                                     " kr; the payment is ", u.amount.ToKronor(), " kr"));
    }
    for (const auto& part : c.allocations) {
      // Allocate part by part against a running copy, so two parts on one invoice split right.
      Invoice inv = *s_.FindInvoice(meta_.company, part.invoice_number);
      for (const Event& e : out) {
        if (const auto* a = std::get_if<PaymentAllocated>(&e.body); a && a->invoice_number == inv.number) {
          inv.paid_fees += a->fees;
          inv.paid_interest += a->interest;
          inv.paid_capital += a->capital;
        }
      }
      Allocation a = Allocate(inv, part.amount, Order());
      out.push_back(
          Make(u.date, PaymentAllocated{c.payment_id, part.invoice_number, a.fees, a.interest, a.capital}));
    }
    out.push_back(Make(ctx_.today,
                       UnmatchedPaymentResolved{c.payment_id, Resolution::kAllocated, u.amount, 0, c.text}));
    return out;
  }

  absl::StatusOr<Events> operator()(const ReversePayment& c) {
    RETURN_IF_ERROR(ValidateText("remark", c.remark, limits::kRemarkMax, true));
    auto it = s_.payments.find(CompanyCustomerRef{meta_.company, c.payment_id});
    if (it == s_.payments.end()) {
      return absl::NotFoundError(
          absl::StrCat("payment ", c.payment_id, " does not exist in company ", meta_.company));
    }
    const PaymentRecord& p = it->second;
    if (p.reversed)
      return absl::FailedPreconditionError(absl::StrCat("payment ", c.payment_id, " is already reversed"));
    PaymentReversed ev{c.payment_id,           c.remark,      p.parts,
                       p.overpayment_customer, p.overpayment, Money(),
                       p.carried_overpayment};
    for (const ReversedPart& part : p.parts) {
      const Invoice* inv = s_.FindInvoice(meta_.company, part.invoice_number);
      if (inv == nullptr) return s_.InvoiceNotFound(meta_.company, part.invoice_number);
      if (inv->status == InvoiceStatus::kAnnulled) {
        return absl::FailedPreconditionError(
            absl::StrCat("invoice ", FormatInvoiceNumber(inv->number),
                         " was annulled after the payment; reverse by hand"));
      }
      if (part.carried.is_positive() &&
          s_.FindCustomer(meta_.company, inv->customer_number)->carried_applications != p.carried_epoch) {
        return absl::FailedPreconditionError(
            absl::StrCat("the underpayment carried from invoice ", FormatInvoiceNumber(inv->number),
                         " may be on a newer invoice already; reverse by hand"));
      }
    }
    if (p.carried_overpayment.is_positive() &&
        s_.FindCustomer(meta_.company, p.overpayment_customer)->carried_applications != p.carried_epoch) {
      return absl::FailedPreconditionError(
          "the overpayment carried to the next invoice may be on a newer invoice already; reverse by hand");
    }
    if (p.overpayment.is_positive()) {
      const Customer* cu = s_.FindCustomer(meta_.company, p.overpayment_customer);
      if (cu->credit_balance < p.overpayment) {
        return absl::FailedPreconditionError("the payment's credit balance has been used since");
      }
    }
    auto queued = s_.unmatched.find(CompanyCustomerRef{meta_.company, c.payment_id});
    if (queued != s_.unmatched.end()) {
      ev.unmatched = queued->second.amount;
    } else if (p.parts.empty() && p.overpayment.is_zero() && p.carried_overpayment.is_zero() &&
               !p.amount.is_zero()) {
      return absl::FailedPreconditionError(
          absl::StrCat("payment ", c.payment_id,
                       " left the unmatched queue by a booking or refund; it cannot be reversed here"));
    }
    return One(ctx_.today, std::move(ev));
  }

  absl::StatusOr<Events> operator()(const AddNote& c) {
    RETURN_IF_ERROR(ValidateText("note", c.text, limits::kNoteMax, true));
    if (c.invoice_number != 0) {
      ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
      RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
      return One(ctx_.today, NoteAdded{c.invoice_number, inv->customer_number, c.text});
    }
    ASSIGN_OR_RETURN(const Customer* cu, FindCustomer(c.customer_number));
    RETURN_IF_ERROR(CheckVersion(meta_, cu->version, "customer"));
    return One(ctx_.today, NoteAdded{0, c.customer_number, c.text});
  }

 private:
  absl::string_view Order() const { return AllocationOrderOf(*s_.FindCompany(meta_.company)); }
  static std::string CodeOf(const PaymentMethodDefined* m) { return m ? m->code : ""; }

  // "" is no method; otherwise it must be in the company's register.
  absl::StatusOr<const PaymentMethodDefined*> FindMethod(const std::string& code) const {
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

  absl::Status OpenForCharges(const Invoice& inv, Money amount) const {
    if (inv.status == InvoiceStatus::kAnnulled || inv.status == InvoiceStatus::kWrittenOff) {
      return absl::FailedPreconditionError(absl::StrCat("invoice ", FormatInvoiceNumber(inv.number), " is ",
                                                        InvoiceStatusName(inv.status),
                                                        "; nothing is charged to it"));
    }
    if ((inv.balance() + amount).ore() > limits::kAmountOreMax) {
      return absl::InvalidArgumentError("the balance after the charge would be above the amount limit");
    }
    return absl::OkStatus();
  }

  // P/K/D: a manual entry that lowers a charged reminder fee, collection fee or interest,
  // never by more than was charged and is still unpaid.
  absl::StatusOr<Events> ReverseCharge(const RecordPayment& c, const PaymentMethodDefined& m,
                                       const Invoice& inv, Date date) const {
    ChargeKind kind = ChargeKind::kInterest;
    Money left = inv.open_interest();
    if (m.special == MethodSpecial::kReminderFee) {
      kind = ChargeKind::kReminderFee;
      left = Min(inv.open_fees(), inv.reminder_fees - inv.reminder_fees_reversed);
    } else if (m.special == MethodSpecial::kCollectionFee) {
      kind = ChargeKind::kCollectionFee;
      left = Min(inv.open_fees(), inv.collection_fees - inv.collection_fees_reversed);
    }
    left = Min(left, inv.balance());
    if (c.amount > left) {
      return absl::FailedPreconditionError(
          absl::StrCat("payment method ", m.code, " may not reverse more than the charged ",
                       ChargeKindName(kind), " left: ", left.ToKronor(), " kr on invoice ",
                       FormatInvoiceNumber(inv.number), ", asked ", c.amount.ToKronor(), " kr"));
    }
    return One(date, FeeReversed{inv.number, kind, c.amount, m.code, c.reference});
  }

  // A manual payment for a customer without an invoice number: oldest invoice first, the
  // rest to the customer's credit balance.
  absl::StatusOr<Events> CustomerPayment(const RecordPayment& c, const PaymentMethodDefined* method) const {
    if (method != nullptr && (method->debit || method->special != MethodSpecial::kNone)) {
      return absl::InvalidArgumentError(
          absl::StrCat("payment method ", method->code, " acts on one invoice; give the invoice number"));
    }
    ASSIGN_OR_RETURN(const Customer* cu, FindCustomer(c.customer_number));
    Date date = c.transaction_date.value_or(ctx_.today);
    RETURN_IF_ERROR(CheckDateInRange(date, "transaction date"));
    if (date > ctx_.today) {
      return absl::InvalidArgumentError(
          absl::StrCat("transaction date ", FormatDate(date), " is in the future"));
    }
    RETURN_IF_ERROR(CheckVersion(meta_, cu->version, "customer"));
    const std::string payment_id = meta_.command_id;
    Events out;
    out.push_back(Make(date, PaymentReceived{payment_id, c.channel, c.amount, c.reference, c.payer_name, 0,
                                             CodeOf(method), false}));
    Money rest;
    for (PaymentAllocated& a :
         SpreadOldestFirst(s_, meta_.company, cu->number, payment_id, c.amount, &rest)) {
      out.push_back(Make(date, std::move(a)));
    }
    if (rest.is_positive()) out.push_back(Make(date, OverpaymentRecorded{payment_id, cu->number, 0, rest}));
    return out;
  }

  // Fyra ögon: whether the company's policy holds this annulment or write-off for approval.
  bool NeedsApproval(ApprovalKind kind, Money amount) const {
    const std::optional<ApprovalPolicySet>& p = s_.FindCompany(meta_.company)->approval_policy;
    if (!p.has_value()) return false;
    if (kind == ApprovalKind::kAnnulment) return p->annulment;
    return p->write_off && amount >= p->write_off_from;
  }
  // The request in place of the effect; one request at a time per invoice.
  absl::StatusOr<Events> RequestApproval(ApprovalKind kind, const Invoice& inv, Money amount,
                                         const std::string& remark, Date date,
                                         const std::string& method) const {
    if (inv.pending_approval != 0)
      return absl::FailedPreconditionError(
          absl::StrCat("invoice ", FormatInvoiceNumber(inv.number), " already has approval request ",
                       inv.pending_approval, " waiting; approve or reject it first"));
    const int64_t id = static_cast<int64_t>(s_.FindCompany(meta_.company)->approvals.size()) + 1;
    return One(ctx_.today,
               ApprovalRequested{id, kind, inv.number, amount, remark, date, method, inv.version + 1});
  }

  Event Make(Date effective, EventBody body) const {
    return MakeEvent(meta_, ctx_, effective, std::move(body));
  }
  Events One(Date effective, EventBody body) const {
    Events out;
    out.push_back(Make(effective, std::move(body)));
    return out;
  }

  absl::StatusOr<const Customer*> FindCustomer(const std::string& number) const {
    RETURN_IF_ERROR(ValidateCustomerNumber(number));
    const Customer* cu = s_.FindCustomer(meta_.company, number);
    if (!cu) {
      return absl::NotFoundError(
          absl::StrCat("customer ", number, " does not exist in company ", meta_.company));
    }
    return cu;
  }

  absl::StatusOr<const Invoice*> FindInvoice(InvoiceNumber n) const {
    RETURN_IF_ERROR(ValidateInvoiceNumber(n));
    const Invoice* inv = s_.FindInvoice(meta_.company, n);
    if (!inv) return s_.InvoiceNotFound(meta_.company, n);
    return inv;
  }

  // The transaction date (transaktionsdatum) of a change to an invoice: given or today; not
  // in the future and not before the invoice date.
  absl::StatusOr<Date> TransactionDate(const std::optional<Date>& given, const Invoice& inv) const {
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

  // Amount of a credit/annulment/write-off: never more than the balance, never on an
  // annulled invoice or one with nothing left.
  absl::StatusOr<Money> ReducingAmount(absl::string_view what, const std::optional<Money>& given,
                                       const Invoice& inv) const {
    if (inv.status == InvoiceStatus::kAnnulled) {
      return absl::FailedPreconditionError(
          absl::StrCat("invoice ", FormatInvoiceNumber(inv.number), " is already annulled"));
    }
    Money balance = inv.balance();
    if (!balance.is_positive()) {
      return absl::FailedPreconditionError(
          absl::StrCat("invoice ", FormatInvoiceNumber(inv.number), " has no balance left for a ", what));
    }
    if (!given.has_value()) return balance;
    RETURN_IF_ERROR(CheckAmount(absl::StrCat(what, " amount"), *given));
    if (*given > balance) {
      return absl::FailedPreconditionError(absl::StrCat(
          what, " of ", given->ToKronor(), " kr is more than the balance ", balance.ToKronor(), " kr"));
    }
    return *given;
  }

  const LedgerState& s_;
  const CommandMeta& meta_;
  const DecideContext& ctx_;
};

}  // namespace

Allocation Allocate(const Invoice& inv, Money amount, absl::string_view order) {
  Allocation a;
  Money rest = amount;
  Money balance = inv.balance();
  // What the capital part may take: the balance beyond open fees and interest (credits and
  // carried differences lower the capital first).
  const Money open_capital = Max(Money(), balance - inv.open_fees() - inv.open_interest());
  for (char part : order.empty() ? absl::string_view("FIC") : order) {
    Money owed = part == 'F' ? inv.open_fees() : part == 'I' ? inv.open_interest() : open_capital;
    Money take = Max(Money(), Min(rest, Min(owed, balance)));
    (part == 'F' ? a.fees : part == 'I' ? a.interest : a.capital) = take;
    rest -= take;
    balance -= take;
  }
  // Anything the invoice still owes (fees or interest beyond what the balance shows) is capital.
  if (rest.is_positive() && balance.is_positive()) {
    Money take = Min(rest, balance);
    a.capital += take;
    rest -= take;
  }
  a.rest = rest;
  return a;
}

absl::string_view AllocationOrderOf(const Company& company) {
  return company.payment_settings ? absl::string_view(company.payment_settings->allocation_order) : "";
}

std::vector<const Invoice*> OpenInvoicesOldestFirst(const LedgerState& state, CompanyId company,
                                                    absl::string_view customer) {
  std::vector<const Invoice*> out;
  const Customer* cu = state.FindCustomer(company, customer);
  if (cu == nullptr) return out;
  for (InvoiceNumber n : cu->invoices) {
    const Invoice* inv = state.FindInvoice(company, n);
    if (inv != nullptr && inv->status != InvoiceStatus::kAnnulled && inv->balance().is_positive())
      out.push_back(inv);
  }
  std::sort(out.begin(), out.end(), [](const Invoice* a, const Invoice* b) {
    return std::tie(a->due_date, a->number) < std::tie(b->due_date, b->number);
  });
  return out;
}

std::vector<PaymentAllocated> SpreadOldestFirst(const LedgerState& state, CompanyId company,
                                                absl::string_view customer, const std::string& payment_id,
                                                Money amount, Money* rest) {
  std::vector<PaymentAllocated> out;
  const Company* co = state.FindCompany(company);
  const absl::string_view order = co ? AllocationOrderOf(*co) : "";
  for (const Invoice* inv : OpenInvoicesOldestFirst(state, company, customer)) {
    if (!amount.is_positive()) break;
    Allocation a = Allocate(*inv, amount, order);
    if (a.allocated().is_zero()) continue;
    out.push_back(PaymentAllocated{payment_id, inv->number, a.fees, a.interest, a.capital});
    amount = a.rest;
  }
  *rest = amount;
  return out;
}

bool IsSharedRegisterCommand(const CommandBody& body) {
  return std::holds_alternative<SetReferenceRate>(body);
}

absl::Status ValidateCommandMeta(const CommandMeta& meta, bool shared_register) {
  if (meta.command_id.size() < static_cast<size_t>(limits::kCommandIdMin) ||
      meta.command_id.size() > static_cast<size_t>(limits::kCommandIdMax)) {
    return absl::InvalidArgumentError(absl::StrCat("command id must have ", limits::kCommandIdMin, "..",
                                                   limits::kCommandIdMax, " characters"));
  }
  for (char ch : meta.command_id) {
    if (ch <= ' ' || ch == 0x7f) {
      return absl::InvalidArgumentError("command id must be printable without spaces");
    }
  }
  RETURN_IF_ERROR(ValidateText("actor", meta.actor, limits::kActorMax, true));
  if (shared_register) {
    if (meta.company != 0)
      return absl::InvalidArgumentError(
          "the reference rate is shared by all companies: send it with company 0");
  } else {
    RETURN_IF_ERROR(ValidateCompanyId(meta.company));
  }
  if (meta.expected_version.has_value() && *meta.expected_version < 0) {
    return absl::InvalidArgumentError("expected version must not be negative");
  }
  return absl::OkStatus();
}

std::string PaymentReferenceFor(const Company& company, InvoiceNumber n) {
  const auto& settings = company.payment_settings;
  if (!settings) return DefaultOcrReference(n);
  return MakeReference(FormatInvoiceNumber(n), static_cast<ReferenceKind>(settings->reference_kind),
                       settings->ocr_length_digit);
}

absl::StatusOr<std::vector<Event>> Decide(const LedgerState& state, const Command& command,
                                          const DecideContext& ctx) {
  const bool shared = IsSharedRegisterCommand(command.body);
  RETURN_IF_ERROR(ValidateCommandMeta(command.meta, shared));
  if (!shared && !std::holds_alternative<RegisterCompany>(command.body) &&
      state.FindCompany(command.meta.company) == nullptr) {
    return absl::NotFoundError(absl::StrCat("company ", command.meta.company, " is not registered"));
  }
  Decider decider(state, command.meta, ctx);
  ASSIGN_OR_RETURN(Events events, std::visit(decider, command.body));
  // A closed period takes no more events: each one dated in it is refused, or moved to the
  // first open day, as the company's last close says.
  const Company* co = state.FindCompany(command.meta.company);
  const PeriodClosed* close = co ? co->LastClose() : nullptr;
  if (close == nullptr || shared || std::holds_alternative<ClosePeriod>(command.body)) return events;
  for (Event& e : events) {
    if (close->through < e.meta.effective_date) continue;
    if (!close->move_to_open)
      return absl::FailedPreconditionError(
          absl::StrCat("the books are closed through ", FormatDate(close->through), ": ",
                       EventTypeName(e.body), " dated ", FormatDate(e.meta.effective_date),
                       " cannot be recorded (the company refuses postings in a closed period)"));
    e.meta.effective_date = close->through + 1;
  }
  return events;
}

}  // namespace reskontra
