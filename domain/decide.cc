#include "domain/decide.h"

#include <algorithm>
#include <cstdlib>
#include <tuple>
#include <type_traits>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "domain/archive.h"
#include "domain/decider.h"
#include "domain/documents.h"
#include "domain/dunning.h"
#include "domain/einvoice.h"
#include "domain/fee_caps.h"
#include "domain/interest.h"
#include "domain/invoice_import.h"
#include "domain/limits.h"
#include "domain/ocr.h"
#include "domain/payment_import.h"
#include "domain/payments.h"
#include "domain/postings.h"

namespace reskontra {

namespace {

// EN 16931 (BR-CO-17) and momslagen round VAT once per rate, on the sum of the rate's lines,
// not line by line: the öre the line roundings miss (or add) go to the rate's largest line,
// so the lines' VAT still sums to what the invoice states per rate.
absl::Status RoundVatPerRate(std::vector<InvoiceLine>& lines) {
  absl::flat_hash_map<int32_t, Money> net_per_rate;
  absl::flat_hash_map<int32_t, Money> vat_per_rate;
  absl::flat_hash_map<int32_t, size_t> largest;  // the first line of the largest |net|
  for (size_t i = 0; i < lines.size(); ++i) {
    const InvoiceLine& l = lines[i];
    net_per_rate[l.vat_rate_bp] += l.net;
    vat_per_rate[l.vat_rate_bp] += l.vat;
    auto [it, fresh] = largest.try_emplace(l.vat_rate_bp, i);
    if (!fresh && std::abs(l.net.ore()) > std::abs(lines[it->second].net.ore())) it->second = i;
  }
  for (const auto& [rate, net] : net_per_rate) {
    ASSIGN_OR_RETURN(Money vat, ApplyBasisPoints(net, rate));
    lines[largest[rate]].vat += vat - vat_per_rate[rate];
  }
  return absl::OkStatus();
}

template <class T>
concept IsDunningCommand = std::is_same_v<T, SetDunningPolicy> || std::is_same_v<T, DefineDunningCode> ||
    std::is_same_v<T, AssignDunningCode> || std::is_same_v<T, RemoveDunningCode> ||
    std::is_same_v<T, RunDunning> || std::is_same_v<T, ClearDunningStep> ||
    std::is_same_v<T, ChangeDueDate> || std::is_same_v<T, GrantDeferral> ||
    std::is_same_v<T, CreateAmortizationPlan> || std::is_same_v<T, CancelAmortizationPlan> ||
    std::is_same_v<T, ApplyPaymentOrder> || std::is_same_v<T, TransferToCollection>;
template <class T>
concept IsPaymentCommand = std::is_same_v<T, SetPaymentSettings> || std::is_same_v<T, DefinePaymentMethod> ||
    std::is_same_v<T, RecordPayment> || std::is_same_v<T, ResolveUnmatchedPayment> ||
    std::is_same_v<T, ReversePayment> || std::is_same_v<T, ApplyCreditBalance> ||
    std::is_same_v<T, RefundCreditBalance> || std::is_same_v<T, SettleNegativeInvoice>;
template <class T>
concept IsInterestCommand = std::is_same_v<T, SetReferenceRate> || std::is_same_v<T, SetInterestPolicy> ||
    std::is_same_v<T, RecordPaidInterest> || std::is_same_v<T, RunInterestInvoicing> ||
    std::is_same_v<T, TransferInterestToNextInvoice>;

absl::Status ValidateDetails(const CustomerDetails& d) {
  RETURN_IF_ERROR(ValidateText("customer name", d.name, limits::kCustomerNameMax, true));
  RETURN_IF_ERROR(ValidateNationalId(d.national_id));
  std::string id = NormaliseNationalId(d.national_id);
  if (d.kind == CustomerKind::kOrganisation && id.size() == 10 && id[2] < '2') {
    return absl::InvalidArgumentError(
        absl::StrCat("organisation number '", d.national_id, "' must have a third digit of 2 or more"));
  }
  RETURN_IF_ERROR(ValidateText("street", d.street, limits::kAddressFieldMax, false));
  RETURN_IF_ERROR(ValidateText("postal code", d.postal_code, limits::kPostalCodeMax, false));
  RETURN_IF_ERROR(ValidateText("city", d.city, limits::kAddressFieldMax, false));
  RETURN_IF_ERROR(ValidateText("email", d.email, limits::kAddressFieldMax, false));
  RETURN_IF_ERROR(ValidatePeppolId(d.peppol_id));
  if (!d.country.empty() &&
      (d.country.size() != 2 || !absl::ascii_isupper(d.country[0]) || !absl::ascii_isupper(d.country[1]))) {
    return absl::InvalidArgumentError(absl::StrCat("country '", d.country, "' is not an ISO code like SE"));
  }
  if (d.delivery == DeliveryChannel::kEmail && d.email.find('@') == std::string::npos) {
    return absl::InvalidArgumentError("delivery by email needs an email address");
  }
  return absl::OkStatus();
}

// The caller's attributes of an invoice: printable, within their lengths, and not blank (a
// reference of spaces would be an empty element in an e-invoice).
absl::Status ValidateAttributes(const InvoiceAttributes& a) {
  for (const auto& [name, value, max] :
       {std::tuple{"förvaltning", &a.department, limits::kInvoiceAttributeMax},
        std::tuple{"handläggare", &a.handler, limits::kHandlerMax},
        std::tuple{"fakturan avser", &a.subject, limits::kInvoiceAttributeMax},
        std::tuple{"buyer reference", &a.buyer_reference, limits::kInvoiceAttributeMax},
        std::tuple{"order reference", &a.order_reference, limits::kInvoiceAttributeMax},
        std::tuple{"billing system", &a.billing_system, limits::kInvoiceAttributeMax},
        std::tuple{"kalla_id", &a.source_id, limits::kInvoiceAttributeMax}}) {
    RETURN_IF_ERROR(ValidateText(name, *value, max, false));
    if (!value->empty() && absl::StripAsciiWhitespace(*value) != *value)
      return absl::InvalidArgumentError(absl::StrCat(name, " '", *value, "' begins or ends with a space"));
  }
  return absl::OkStatus();
}

CustomerDetails Normalised(CustomerDetails d) {
  d.national_id = NormaliseNationalId(d.national_id);
  if (d.country.empty()) d.country = "SE";
  return d;
}

class Decider : public DeciderBase {
 public:
  using DeciderBase::DeciderBase;

  absl::StatusOr<Events> operator()(const RegisterCompany& c) {
    RETURN_IF_ERROR(ValidateText("company name", c.name, limits::kCompanyNameMax, true));
    if (!c.org_number.empty()) RETURN_IF_ERROR(ValidateNationalId(c.org_number));
    if (s_.FindCompany(meta_.company)) {
      return absl::AlreadyExistsError(absl::StrCat("company ", meta_.company, " already exists"));
    }
    // An organisation number written with 16 before it is the same number: kept as its ten
    // digits, as the VAT number, SIE and Peppol's 0007 scheme write it.
    return One(ctx_.today,
               CompanyRegistered{c.name, OrganisationNumber10(NormaliseNationalId(c.org_number))});
  }

  absl::StatusOr<Events> operator()(const SetCompanyDetails& c) {
    const Company* co = s_.FindCompany(meta_.company);  // registered: Decide checks it first
    const CompanyDetailsSet& d = c.details;
    RETURN_IF_ERROR(ValidateText("street", d.street, limits::kAddressFieldMax, false));
    RETURN_IF_ERROR(ValidateText("postal code", d.postal_code, limits::kPostalCodeMax, false));
    RETURN_IF_ERROR(ValidateText("city", d.city, limits::kAddressFieldMax, false));
    RETURN_IF_ERROR(ValidateText("email", d.email, limits::kAddressFieldMax, false));
    RETURN_IF_ERROR(ValidateText("phone", d.phone, limits::kPhoneMax, false));
    if (!d.country.empty() &&
        (d.country.size() != 2 || !absl::ascii_isupper(d.country[0]) || !absl::ascii_isupper(d.country[1])))
      return absl::InvalidArgumentError(absl::StrCat("country '", d.country, "' is not an ISO code like SE"));
    RETURN_IF_ERROR(ValidateSwedishVatNumber(d.vat_number));
    if (!d.vat_number.empty() && d.vat_number.substr(2, 10) != OrganisationNumber10(co->org_number))
      return absl::InvalidArgumentError(absl::StrCat(
          "VAT number ", d.vat_number, " is not the company's organisation number ", co->org_number));
    RETURN_IF_ERROR(ValidatePeppolId(d.peppol_id));
    RETURN_IF_ERROR(CheckVersion(meta_, co->version, "company"));
    return One(ctx_.today, d);
  }

  absl::StatusOr<Events> operator()(const ChangeInvoiceAttributes& c) {
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    RETURN_IF_ERROR(ValidateAttributes(c.attributes));
    RETURN_IF_ERROR(CheckVersion(meta_, inv->version, "invoice"));
    // The channel and e-invoice address at issue are the ledger's: what the caller gives of them
    // is ignored (Apply keeps the recorded ones).
    auto callers = [](InvoiceAttributes a) {
      a.delivery = DeliveryChannel::kPaper;
      a.peppol_id.clear();
      return a;
    };
    InvoiceAttributesChanged ev{c.invoice_number, callers(c.attributes)};
    if (callers(inv->attributes) == ev.attributes)
      return absl::AlreadyExistsError("the invoice has these attributes already");
    return One(ctx_.today, std::move(ev));
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
    const InvoiceAttributes& a = c.attributes;
    RETURN_IF_ERROR(ValidateAttributes(a));
    InvoiceIssued ev;
    ev.attributes = a;
    // Where the customer's invoices went at issue, as the ledger knew it then.
    ev.attributes.delivery = cu->details.delivery;
    ev.attributes.peppol_id = cu->details.peppol_id;
    ev.invoice_number = c.invoice_number;
    ev.customer_number = c.customer_number;
    ev.routine = RoutineOf(c.invoice_number);
    ev.invoice_date = c.invoice_date;
    ev.due_date = c.due_date;
    for (size_t i = 0; i < c.lines.size(); ++i) {
      const IssueInvoiceLine& l = c.lines[i];
      std::string at = absl::StrCat("line ", i + 1);
      RETURN_IF_ERROR(
          ValidateText(absl::StrCat(at, " description"), l.description, limits::kLineDescriptionMax, true));
      // A line may be negative (a discount, a credit line): invoices with a negative balance
      // exist since 2009 (handbook §0).
      if (l.net.ore() < -limits::kAmountOreMax || l.net.ore() > limits::kAmountOreMax) {
        return absl::InvalidArgumentError(absl::StrCat(at, " amount is beyond the limit"));
      }
      if (l.vat_rate_bp != 0 && l.vat_rate_bp != 600 && l.vat_rate_bp != 1200 && l.vat_rate_bp != 2500) {
        return absl::InvalidArgumentError(
            absl::StrCat(at, " VAT rate ", l.vat_rate_bp, " bp is not a Swedish rate (0, 600, 1200, 2500)"));
      }
      if (l.revenue_account < limits::kAccountMin || l.revenue_account > limits::kAccountMax) {
        return absl::InvalidArgumentError(
            absl::StrCat(at, " revenue account ", l.revenue_account, " is not a 4-digit account"));
      }
      if (l.outside_vat_scope && l.vat_rate_bp != 0)
        return absl::InvalidArgumentError(
            absl::StrCat(at, " is outside the scope of VAT and has a VAT rate: it is 0 %"));
      ASSIGN_OR_RETURN(Money vat, ApplyBasisPoints(l.net, l.vat_rate_bp));
      ev.lines.push_back(
          InvoiceLine{l.description, l.net, l.vat_rate_bp, vat, l.revenue_account, l.outside_vat_scope});
    }
    RETURN_IF_ERROR(RoundVatPerRate(ev.lines));
    Money total;
    for (const InvoiceLine& l : ev.lines) {
      total += l.net + l.vat;
      if (total.ore() > limits::kAmountOreMax || total.ore() < -limits::kAmountOreMax) {
        return absl::InvalidArgumentError("invoice total is beyond the amount limit");
      }
    }
    if (total.is_zero()) return absl::InvalidArgumentError("an invoice of 0,00 kr is no claim");
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
    // A negative invoice (a credit) takes no carried difference: it waits for a positive one.
    const Money applied = !total.is_positive()    ? Money()
                          : carried.is_negative() ? Max(carried, -total)
                                                  : carried;
    if (!applied.is_zero()) {
      out.push_back(
          Make(c.invoice_date, CarriedDifferenceApplied{c.invoice_number, c.customer_number, applied}));
    }
    // The customer's credit balance pays the new invoice, where the company chose so.
    const Money owed = total + applied;
    if (settings && settings->apply_credit_to_new_invoices && cu->credit_balance.is_positive() &&
        owed.is_positive()) {
      out.push_back(Make(c.invoice_date, CreditBalanceApplied{c.customer_number, c.invoice_number, Money(),
                                                              Money(), Min(owed, cu->credit_balance)}));
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

  absl::StatusOr<Events> operator()(const ChargeFee& c) {
    RETURN_IF_ERROR(CheckAmount("fee", c.amount));
    RETURN_IF_ERROR(ValidateText("text", c.text, limits::kRemarkMax, false));
    if (c.kind == ChargeKind::kInterest || static_cast<int>(c.kind) > 4) {
      return absl::InvalidArgumentError("a fee is a reminder, collection, plan or invoice fee");
    }
    ASSIGN_OR_RETURN(const Invoice* inv, FindInvoice(c.invoice_number));
    ASSIGN_OR_RETURN(Date date, TransactionDate(c.transaction_date, *inv));
    RETURN_IF_ERROR(OpenForCharges(*inv, c.amount));
    // The statutory cap on the day the fee is charged, counting what the claim carries already.
    Money already;
    if (c.charged && c.kind == ChargeKind::kReminderFee)
      already = inv->reminder_fees - inv->reminder_fees_reversed;
    if (c.charged && c.kind == ChargeKind::kCollectionFee)
      already = inv->collection_fees - inv->collection_fees_reversed;
    RETURN_IF_ERROR(CheckFeeCap(c.kind, c.amount, already, date));
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
  absl::StatusOr<Events> operator()(const ImportInvoiceFile& c) {
    return DecideInvoiceImport(s_, meta_, c, ctx_);
  }
  absl::StatusOr<Events> operator()(const ApplyInvoiceResponses& c) {
    return DecideInvoiceResponses(s_, meta_, c, ctx_);
  }
  absl::StatusOr<Events> operator()(const RecordDocument& c) {
    return DecideDocuments(s_, meta_, CommandBody(c), ctx_);
  }
  absl::StatusOr<Events> operator()(const SetLetterText& c) {
    return DecideDocuments(s_, meta_, CommandBody(c), ctx_);
  }

  template <class T>
  requires IsPaymentCommand<T> absl::StatusOr<Events>
  operator()(const T& c) { return DecidePayments(s_, meta_, CommandBody(c), ctx_); }
  template <class T>
  requires IsDunningCommand<T> absl::StatusOr<Events>
  operator()(const T& c) { return DecideDunning(s_, meta_, CommandBody(c), ctx_); }
  template <class T>
  requires IsInterestCommand<T> absl::StatusOr<Events>
  operator()(const T& c) { return DecideInterest(s_, meta_, CommandBody(c), ctx_); }

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

  // Amount of a credit/annulment/write-off: never more than the balance, never on an
  // annulled invoice or one with nothing left.
  absl::StatusOr<Money> ReducingAmount(absl::string_view what, const std::optional<Money>& given,
                                       const Invoice& inv) const {
    if (inv.status == InvoiceStatus::kAnnulled) {
      return absl::FailedPreconditionError(
          absl::StrCat("invoice ", FormatInvoiceNumber(inv.number), " is already annulled"));
    }
    Money balance = inv.balance();
    // A negative invoice issued in error is annulled whole (its balance back to zero) while
    // nothing else has touched it; otherwise it is settled (SettleNegativeInvoice).
    if (what == "annulment" && balance.is_negative() && balance == inv.capital && inv.settled_out.is_zero())
      return balance;
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
};

}  // namespace

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
  RETURN_IF_ERROR(ValidateCommandMeta(command.meta, IsSharedRegisterCommand(command.body)));
  return DecideValidated(state, command, ctx);
}

absl::StatusOr<std::vector<Event>> DecideValidated(const LedgerState& state, const Command& command,
                                                   const DecideContext& ctx) {
  const bool shared = IsSharedRegisterCommand(command.body);
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
