// The only code that knows the Cap'n Proto schema. Cap'n Proto throws; we catch once here.
#include "journal/record.h"

#include <capnp/message.h>
#include <capnp/schema.h>
#include <capnp/serialize.h>
#include <kj/exception.h>
#include <openssl/evp.h>

#include <cstring>
#include <optional>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "base/overloaded.h"
#include "base/status_macros.h"
#include "proto/events.capnp.h"

namespace reskontra {

namespace cs = capnp_schema;

namespace {

capnp::Text::Reader T(const std::string& s) { return capnp::Text::Reader(s.data(), s.size()); }

// A list of texts, left unset when empty (as the records written before the field had it).
template <class Init>
void SetTextList(const std::vector<std::string>& texts, Init init) {
  if (texts.empty()) return;
  auto list = init(static_cast<unsigned>(texts.size()));
  for (size_t i = 0; i < texts.size(); ++i) list.set(static_cast<unsigned>(i), T(texts[i]));
}
std::string S(capnp::Text::Reader t) { return std::string(t.cStr(), t.size()); }
capnp::Data::Reader D(const Hash& h) { return capnp::Data::Reader(h.data(), h.size()); }

void SetDetails(cs::CustomerDetails::Builder b, const CustomerDetails& d) {
  b.setKind(static_cast<cs::CustomerKind>(d.kind));
  b.setNationalId(T(d.national_id));
  b.setName(T(d.name));
  b.setStreet(T(d.street));
  b.setPostalCode(T(d.postal_code));
  b.setCity(T(d.city));
  b.setCountry(T(d.country));
  b.setEmail(T(d.email));
  b.setDelivery(static_cast<cs::DeliveryChannel>(d.delivery));
  if (!d.peppol_id.empty()) b.setPeppolId(T(d.peppol_id));
}

// Set only when any attribute is, so a record without them keeps its canonical bytes.
template <class Builder>
void SetAttributes(Builder holder, const InvoiceAttributes& a) {
  if (a == InvoiceAttributes{}) return;
  auto b = holder.initAttributes();
  for (auto [text, set] : {std::pair{&a.department, &cs::InvoiceAttributes::Builder::setDepartment},
                           std::pair{&a.handler, &cs::InvoiceAttributes::Builder::setHandler},
                           std::pair{&a.subject, &cs::InvoiceAttributes::Builder::setSubject},
                           std::pair{&a.buyer_reference, &cs::InvoiceAttributes::Builder::setBuyerReference},
                           std::pair{&a.order_reference, &cs::InvoiceAttributes::Builder::setOrderReference},
                           std::pair{&a.billing_system, &cs::InvoiceAttributes::Builder::setBillingSystem},
                           std::pair{&a.source_id, &cs::InvoiceAttributes::Builder::setSourceId},
                           std::pair{&a.peppol_id, &cs::InvoiceAttributes::Builder::setPeppolId}})
    if (!text->empty()) (b.*set)(T(*text));
  b.setDelivery(static_cast<cs::DeliveryChannel>(a.delivery));
}

template <class Reader>
absl::StatusOr<InvoiceAttributes> GetAttributes(Reader issued) {
  InvoiceAttributes a;
  if (!issued.hasAttributes()) return a;
  auto r = issued.getAttributes();
  if (static_cast<int>(r.getDelivery()) > 2) return absl::DataLossError("unknown delivery channel");
  a.department = S(r.getDepartment());
  a.handler = S(r.getHandler());
  a.subject = S(r.getSubject());
  a.buyer_reference = S(r.getBuyerReference());
  a.order_reference = S(r.getOrderReference());
  a.billing_system = S(r.getBillingSystem());
  a.source_id = S(r.getSourceId());
  a.delivery = static_cast<DeliveryChannel>(r.getDelivery());
  a.peppol_id = S(r.getPeppolId());
  return a;
}

absl::StatusOr<CustomerDetails> GetDetails(cs::CustomerDetails::Reader r) {
  CustomerDetails d;
  if (static_cast<int>(r.getKind()) > 2) return absl::DataLossError("unknown customer kind");
  if (static_cast<int>(r.getDelivery()) > 2) return absl::DataLossError("unknown delivery channel");
  d.kind = static_cast<CustomerKind>(r.getKind());
  d.national_id = S(r.getNationalId());
  d.name = S(r.getName());
  d.street = S(r.getStreet());
  d.postal_code = S(r.getPostalCode());
  d.city = S(r.getCity());
  d.country = S(r.getCountry());
  d.email = S(r.getEmail());
  d.delivery = static_cast<DeliveryChannel>(r.getDelivery());
  d.peppol_id = S(r.getPeppolId());
  return d;
}

void SetStepPolicy(cs::DunningStepPolicy::Builder b, const DunningStepPolicy& p) {
  b.setDays(p.days);
  b.setFeeKronor(p.fee_kronor);
  b.setCharged(p.charged);
  b.setPrintInterest(p.print_interest);
  b.setTextNumber(p.text_number);
}
DunningStepPolicy GetStepPolicy(cs::DunningStepPolicy::Reader r) {
  return DunningStepPolicy{r.getDays(), r.getFeeKronor(), r.getCharged(), r.getPrintInterest(),
                           r.getTextNumber()};
}
absl::StatusOr<DunningStep> GetStep(cs::DunningStep s) {
  const int v = static_cast<int>(s);
  if (v < 1 || v > 5) return absl::DataLossError("unknown dunning step");
  return static_cast<DunningStep>(v);
}

// Fields added after a struct's first version are written only when they differ from their
// default, so that records written before them re-encode to the same bytes.
void SetAmountChange(cs::InvoiceAmountChange::Builder b, InvoiceNumber n, Money m, const std::string& remark,
                     const std::string& method) {
  b.setInvoiceNumber(n);
  b.setAmountOre(m.ore());
  b.setRemark(T(remark));
  if (!method.empty()) b.setMethod(T(method));
}

void SetInterestInvoiced(const InterestInvoiced& v, cs::InterestInvoiced::Builder b) {
  b.setInvoiceNumber(v.invoice_number);
  b.setInterestInvoice(v.interest_invoice);
  b.setInterestOre(v.interest.ore());
  b.setDeductedOre(v.deducted.ore());
  b.setAmountOre(v.amount.ore());
  b.setDays(v.days);
  b.setPaidOnDays(DateToDays(v.paid_on));
  b.setCompensationOre(v.compensation.ore());
}
template <class T>
T GetInterestInvoiced(cs::InterestInvoiced::Reader b) {
  T v;
  v.invoice_number = b.getInvoiceNumber();
  v.interest_invoice = b.getInterestInvoice();
  v.interest = Money::FromOre(b.getInterestOre());
  v.deducted = Money::FromOre(b.getDeductedOre());
  v.amount = Money::FromOre(b.getAmountOre());
  v.days = b.getDays();
  v.paid_on = DaysToDate(b.getPaidOnDays());
  v.compensation = Money::FromOre(b.getCompensationOre());
  return v;
}

absl::StatusOr<ChargeKind> GetChargeKind(cs::ChargeKind k) {
  if (static_cast<int>(k) > 6) return absl::DataLossError("unknown charge kind");
  return static_cast<ChargeKind>(k);
}

// Long by design (issue 22): one flat visitor arm per event type, each writing that type's fields
// in schema order. Split, the schema and its writer would no longer read side by side.
void Build(cs::Record::Builder r, const JournalRecord& rec, bool with_hash) {
  const EventMeta& m = rec.event.meta;
  r.setPosition(rec.position);
  r.setRecordedAtMicros(absl::ToUnixMicros(m.recorded_at));
  r.setEffectiveDateDays(DateToDays(m.effective_date));
  r.setCompany(m.company);
  r.setActor(T(m.actor));
  r.setCommandId(T(m.command_id));
  r.setPrevHash(D(rec.prev_hash));
  if (with_hash) r.setHash(D(rec.hash));
  auto body = r.initBody();
  std::visit(
      Overloaded{
          [&](const CompanyRegistered& v) {
            auto b = body.initCompanyRegistered();
            b.setName(T(v.name));
            b.setOrgNumber(T(v.org_number));
          },
          [&](const CustomerRegistered& v) {
            auto b = body.initCustomerRegistered();
            b.setCustomerNumber(T(v.customer_number));
            SetDetails(b.initDetails(), v.details);
          },
          [&](const CustomerChanged& v) {
            auto b = body.initCustomerChanged();
            b.setCustomerNumber(T(v.customer_number));
            SetDetails(b.initDetails(), v.details);
          },
          [&](const InvoiceIssued& v) {
            auto b = body.initInvoiceIssued();
            b.setInvoiceNumber(v.invoice_number);
            b.setCustomerNumber(T(v.customer_number));
            b.setRoutine(v.routine);
            b.setInvoiceDateDays(DateToDays(v.invoice_date));
            b.setDueDateDays(DateToDays(v.due_date));
            auto lines = b.initLines(static_cast<unsigned>(v.lines.size()));
            for (size_t i = 0; i < v.lines.size(); ++i) {
              const InvoiceLine& l = v.lines[i];
              auto lb = lines[static_cast<unsigned>(i)];
              lb.setDescription(T(l.description));
              lb.setNetOre(l.net.ore());
              lb.setVatRateBp(l.vat_rate_bp);
              lb.setVatOre(l.vat.ore());
              lb.setRevenueAccount(l.revenue_account);
              lb.setOutsideVatScope(l.outside_vat_scope);
            }
            b.setOcrReference(T(v.ocr_reference));
            b.setTotalOre(v.total.ore());
            SetAttributes(b, v.attributes);
          },
          [&](const PaymentReceived& v) {
            auto b = body.initPaymentReceived();
            b.setPaymentId(T(v.payment_id));
            b.setChannel(static_cast<cs::PaymentChannel>(v.channel));
            b.setAmountOre(v.amount.ore());
            b.setReference(T(v.reference));
            b.setPayerName(T(v.payer_name));
            b.setIntendedInvoice(v.intended_invoice);
            if (!v.method.empty()) b.setMethod(T(v.method));
            b.setFromCollectionAgency(v.from_collection_agency);
            if (!v.bank_reference.empty()) b.setBankReference(T(v.bank_reference));
            if (!v.message.empty()) b.setMessage(T(v.message));
          },
          [&](const PaymentAllocated& v) {
            auto b = body.initPaymentAllocated();
            b.setPaymentId(T(v.payment_id));
            b.setInvoiceNumber(v.invoice_number);
            b.setFeesOre(v.fees.ore());
            b.setInterestOre(v.interest.ore());
            b.setCapitalOre(v.capital.ore());
          },
          [&](const OverpaymentRecorded& v) {
            auto b = body.initOverpaymentRecorded();
            b.setPaymentId(T(v.payment_id));
            b.setCustomerNumber(T(v.customer_number));
            b.setInvoiceNumber(v.invoice_number);
            b.setAmountOre(v.amount.ore());
          },
          [&](const InvoiceCredited& v) {
            auto b = body.initInvoiceCredited();
            b.setInvoiceNumber(v.invoice_number);
            b.setCreditNoteNumber(T(v.credit_note_number));
            b.setAmountOre(v.amount.ore());
            b.setRemark(T(v.remark));
            if (!v.method.empty()) b.setMethod(T(v.method));
          },
          [&](const InvoiceAnnulled& v) {
            SetAmountChange(body.initInvoiceAnnulled(), v.invoice_number, v.amount, v.remark, v.method);
          },
          [&](const DebitAdjusted& v) {
            SetAmountChange(body.initDebitAdjusted(), v.invoice_number, v.amount, v.remark, v.method);
          },
          [&](const WrittenOff& v) {
            SetAmountChange(body.initWrittenOff(), v.invoice_number, v.amount, v.remark, v.method);
          },
          [&](const NoteAdded& v) {
            auto b = body.initNoteAdded();
            b.setInvoiceNumber(v.invoice_number);
            b.setCustomerNumber(T(v.customer_number));
            b.setText(T(v.text));
          },
          [&](const PaymentSettingsSet& v) {
            auto b = body.initPaymentSettingsSet();
            b.setBankgiro(T(v.bankgiro));
            b.setOverpaymentLimitOre(v.overpayment_limit.ore());
            b.setUnderpaymentLimitOre(v.underpayment_limit.ore());
            b.setSmallDifferenceAccount(v.small_difference_account);
            b.setOcrControl(v.ocr_control);
            if (!v.allocation_order.empty()) b.setAllocationOrder(T(v.allocation_order));
            b.setOldestFirst(v.oldest_first);
            b.setCarryToNextInvoice(v.carry_to_next_invoice);
            if (!v.agency_bankgiros.empty()) {
              auto giros = b.initAgencyBankgiros(static_cast<unsigned>(v.agency_bankgiros.size()));
              for (size_t i = 0; i < v.agency_bankgiros.size(); ++i)
                giros.set(static_cast<unsigned>(i), T(v.agency_bankgiros[i]));
            }
            b.setOcrLengthDigit(v.ocr_length_digit);
            b.setReferenceKind(v.reference_kind);
            if (!v.currency.empty()) b.setCurrency(T(v.currency));
            SetTextList(v.bank_accounts, [&](unsigned n) { return b.initBankAccounts(n); });
            b.setApplyCreditToNewInvoices(v.apply_credit_to_new_invoices);
          },
          [&](const PaymentFileImported& v) {
            auto b = body.initPaymentFileImported();
            b.setFingerprint(T(v.fingerprint));
            b.setFormat(T(v.format));
            b.setBankgiro(T(v.bankgiro));
            auto deposits = b.initDeposits(static_cast<unsigned>(v.deposits.size()));
            for (size_t i = 0; i < v.deposits.size(); ++i) {
              deposits[static_cast<unsigned>(i)].setPaymentDateDays(DateToDays(v.deposits[i].payment_date));
              deposits[static_cast<unsigned>(i)].setSerial(v.deposits[i].serial);
            }
            b.setPaymentCount(v.payment_count);
            b.setTotalOre(v.total.ore());
            b.setResend(v.resend);
            SetTextList(v.payment_keys, [&](unsigned n) { return b.initPaymentKeys(n); });
            SetTextList(v.skipped, [&](unsigned n) { return b.initSkipped(n); });
            b.setSkippedOre(v.skipped_total.ore());
            if (!v.message_id.empty()) b.setMessageId(T(v.message_id));
            b.setOtherEntries(v.other_entries);
          },
          [&](const SmallDifferenceWrittenOff& v) {
            auto b = body.initSmallDifferenceWrittenOff();
            b.setPaymentId(T(v.payment_id));
            b.setInvoiceNumber(v.invoice_number);
            b.setAmountOre(v.amount.ore());
            b.setAccount(v.account);
          },
          [&](const PaymentUnmatched& v) {
            auto b = body.initPaymentUnmatched();
            b.setPaymentId(T(v.payment_id));
            b.setAmountOre(v.amount.ore());
            b.setReference(T(v.reference));
            b.setPayerName(T(v.payer_name));
            b.setReason(T(v.reason));
          },
          [&](const UnmatchedPaymentResolved& v) {
            auto b = body.initUnmatchedPaymentResolved();
            b.setPaymentId(T(v.payment_id));
            b.setResolution(static_cast<cs::Resolution>(v.resolution));
            b.setAmountOre(v.amount.ore());
            b.setAccount(v.account);
            b.setText(T(v.text));
          },
          [&](const CreditBalanceApplied& v) {
            auto b = body.initCreditBalanceApplied();
            b.setCustomerNumber(T(v.customer_number));
            b.setInvoiceNumber(v.invoice_number);
            b.setFeesOre(v.fees.ore());
            b.setInterestOre(v.interest.ore());
            b.setCapitalOre(v.capital.ore());
          },
          [&](const CreditBalanceRefunded& v) {
            auto b = body.initCreditBalanceRefunded();
            b.setCustomerNumber(T(v.customer_number));
            b.setAmountOre(v.amount.ore());
            b.setRecipient(T(v.recipient));
          },
          [&](const LetterTextSet& v) {
            auto b = body.initLetterTextSet();
            b.setKind(static_cast<cs::LetterTextKind>(v.kind));
            b.setNumber(v.number);
            b.setForm(static_cast<cs::LetterForm>(v.form));
            auto l = b.initRows(static_cast<unsigned>(v.rows.size()));
            for (size_t i = 0; i < v.rows.size(); ++i) l.set(static_cast<unsigned>(i), T(v.rows[i]));
          },
          [&](const InvoiceAttributesChanged& v) {
            auto b = body.initInvoiceAttributesChanged();
            b.setInvoiceNumber(v.invoice_number);
            SetAttributes(b, v.attributes);
          },
          [&](const CompanyDetailsSet& v) {
            auto b = body.initCompanyDetailsSet();
            b.setStreet(T(v.street));
            b.setPostalCode(T(v.postal_code));
            b.setCity(T(v.city));
            b.setCountry(T(v.country));
            b.setVatNumber(T(v.vat_number));
            b.setFSkatt(v.f_skatt);
            b.setPeppolId(T(v.peppol_id));
            b.setEmail(T(v.email));
            b.setPhone(T(v.phone));
          },
          [&](const InvoiceFileImported& v) {
            auto b = body.initInvoiceFileImported();
            b.setFingerprint(T(v.fingerprint));
            b.setFormat(T(v.format));
            b.setInvoices(v.invoices);
            b.setTotalOre(v.total.ore());
            b.setCustomersRegistered(v.customers_registered);
            b.setCustomersChanged(v.customers_changed);
            auto ids = b.initSourceIds(static_cast<unsigned>(v.source_ids.size()));
            for (size_t i = 0; i < v.source_ids.size(); ++i)
              ids.set(static_cast<unsigned>(i), T(v.source_ids[i]));
            auto numbers = b.initNumbers(static_cast<unsigned>(v.numbers.size()));
            for (size_t i = 0; i < v.numbers.size(); ++i) numbers.set(static_cast<unsigned>(i), v.numbers[i]);
            b.setOpeningAccount(v.opening_account);
            b.setBalanceDateDays(DateToDays(v.balance_date));
          },
          [&](const DocumentProduced& v) {
            auto b = body.initDocumentProduced();
            b.setKind(static_cast<cs::ProducedDocument>(v.kind));
            b.setSourcePosition(v.source_position);
            b.setDateDays(DateToDays(v.date));
            b.setRoutine(v.routine);
            auto l = b.initInvoices(static_cast<unsigned>(v.invoices.size()));
            for (size_t i = 0; i < v.invoices.size(); ++i) l.set(static_cast<unsigned>(i), v.invoices[i]);
            b.setHandler(T(v.handler));
            b.setOriginalDate(v.original_date);
            b.setSha256(T(v.sha256));
            b.setBytes(v.bytes);
            b.setPages(v.pages);
            b.setAboutPosition(v.about_position);
          },
          [&](const NegativeInvoiceSettled& v) {
            auto b = body.initNegativeInvoiceSettled();
            b.setInvoiceNumber(v.invoice_number);
            b.setCustomerNumber(T(v.customer_number));
            b.setAmountOre(v.amount.ore());
          },
          [&](const RefundIssued& v) {
            auto b = body.initRefundIssued();
            b.setPaymentId(T(v.payment_id));
            b.setAmountOre(v.amount.ore());
            b.setRecipient(T(v.recipient));
          },
          [&](const WriteOffRecovered& v) {
            auto b = body.initWriteOffRecovered();
            b.setPaymentId(T(v.payment_id));
            b.setInvoiceNumber(v.invoice_number);
            b.setAmountOre(v.amount.ore());
          },
          [&](const PaymentReversed& v) {
            auto b = body.initPaymentReversed();
            b.setPaymentId(T(v.payment_id));
            b.setRemark(T(v.remark));
            auto parts = b.initParts(static_cast<unsigned>(v.parts.size()));
            for (size_t i = 0; i < v.parts.size(); ++i) {
              auto pb = parts[static_cast<unsigned>(i)];
              const ReversedPart& part = v.parts[i];
              pb.setInvoiceNumber(part.invoice_number);
              pb.setFeesOre(part.fees.ore());
              pb.setInterestOre(part.interest.ore());
              pb.setCapitalOre(part.capital.ore());
              pb.setSmallDifferenceOre(part.small_difference.ore());
              pb.setRecoveredOre(part.recovered.ore());
              pb.setCarriedOre(part.carried.ore());
            }
            b.setCustomerNumber(T(v.customer_number));
            b.setOverpaymentOre(v.overpayment.ore());
            b.setUnmatchedOre(v.unmatched.ore());
            b.setCarriedOverpaymentOre(v.carried_overpayment.ore());
          },
          [&](const PaymentMethodDefined& v) {
            auto b = body.initPaymentMethodDefined();
            b.setCode(T(v.code));
            b.setText(T(v.text));
            b.setDebit(v.debit);
            b.setNotPosted(!v.posted);
            b.setNoInterest(v.no_interest);
            b.setSpecial(static_cast<cs::MethodSpecial>(v.special));
            b.setTextOnly(v.text_only);
            b.setAccount(v.account);
          },
          [&](const FeeCharged& v) {
            auto b = body.initFeeCharged();
            b.setInvoiceNumber(v.invoice_number);
            b.setKind(static_cast<cs::ChargeKind>(v.kind));
            b.setAmountOre(v.amount.ore());
            b.setOnlyNoted(!v.charged);
            b.setText(T(v.text));
          },
          [&](const InterestCharged& v) {
            auto b = body.initInterestCharged();
            b.setInvoiceNumber(v.invoice_number);
            b.setAmountOre(v.amount.ore());
            b.setText(T(v.text));
          },
          [&](const FeeReversed& v) {
            auto b = body.initFeeReversed();
            b.setInvoiceNumber(v.invoice_number);
            b.setKind(static_cast<cs::ChargeKind>(v.kind));
            b.setAmountOre(v.amount.ore());
            b.setMethod(T(v.method));
            b.setRemark(T(v.remark));
          },
          [&](const WatchTextSet& v) {
            auto b = body.initWatchTextSet();
            b.setInvoiceNumber(v.invoice_number);
            b.setText(T(v.text));
          },
          [&](const PaymentDifferenceCarried& v) {
            auto b = body.initPaymentDifferenceCarried();
            b.setPaymentId(T(v.payment_id));
            b.setInvoiceNumber(v.invoice_number);
            b.setCustomerNumber(T(v.customer_number));
            b.setAmountOre(v.amount.ore());
          },
          [&](const CarriedDifferenceApplied& v) {
            auto b = body.initCarriedDifferenceApplied();
            b.setInvoiceNumber(v.invoice_number);
            b.setCustomerNumber(T(v.customer_number));
            b.setAmountOre(v.amount.ore());
          },
          [&](const DunningPolicySet& v) {
            auto b = body.initDunningPolicySet();
            b.setRoutine(v.routine);
            SetStepPolicy(b.initReminder1(), v.reminder1);
            SetStepPolicy(b.initReminder2(), v.reminder2);
            SetStepPolicy(b.initDemand(), v.demand);
            SetStepPolicy(b.initResidual(), v.residual);
            SetStepPolicy(b.initThreat(), v.threat);
            b.setDemandBase(v.demand_base);
            b.setChargeInterestAtDemand(v.charge_interest_at_demand);
            b.setFeesAgreed(v.fees_agreed);
            b.setNoFeeBelowOre(v.no_fee_below.ore());
            b.setMaxLettersPerMonth(v.max_letters_per_month);
            b.setPlanMinTotalOre(v.plan_min_total.ore());
            b.setPlanApprovalMonths(v.plan_approval_months);
            b.setPlanFeeKronor(v.plan_fee_kronor);
            b.setPlanGraceDays(v.plan_grace_days);
            b.setMaxRunsPerMonth(v.max_runs_per_month);
          },
          [&](const DunningCodeDefined& v) {
            auto b = body.initDunningCodeDefined();
            b.setCode(v.code);
            b.setText(T(v.text));
            b.setFlags(v.flags);
          },
          [&](const DunningCodeAssigned& v) {
            auto b = body.initDunningCodeAssigned();
            b.setInvoiceNumber(v.invoice_number);
            b.setCode(v.code);
            b.setHasUntil(v.until.has_value());
            b.setUntilDays(v.until ? DateToDays(*v.until) : 0);
          },
          [&](const DunningCodeRemoved& v) {
            auto b = body.initDunningCodeRemoved();
            b.setInvoiceNumber(v.invoice_number);
            b.setCode(v.code);
          },
          [&](const DunningStepIssued& v) {
            auto b = body.initDunningStepIssued();
            b.setInvoiceNumber(v.invoice_number);
            b.setStep(static_cast<cs::DunningStep>(v.step));
            b.setClaimOre(v.claim.ore());
            b.setFeeOre(v.fee.ore());
            b.setFeeCharged(v.fee_charged);
            b.setCustomerCreditOre(v.customer_credit.ore());
          },
          [&](const DunningStepCleared& v) {
            auto b = body.initDunningStepCleared();
            b.setInvoiceNumber(v.invoice_number);
            b.setStep(static_cast<cs::DunningStep>(v.step));
            b.setNotedRemovedOre(v.noted_removed.ore());
            b.setRemark(T(v.remark));
          },
          [&](const DunningRunCompleted& v) {
            auto b = body.initDunningRunCompleted();
            b.setRunDateDays(DateToDays(v.run_date));
            b.setRoutine(v.routine);
            b.setFirstInvoice(v.first_invoice);
            b.setLastInvoice(v.last_invoice);
            b.setLetters(v.letters);
            b.setFeesChargedOre(v.fees_charged.ore());
            b.setFeesNotedOre(v.fees_noted.ore());
            b.setPlansEnded(v.plans_ended);
            if (!v.covered_by_credit.empty()) {
              auto covered = b.initCoveredByCredit(static_cast<unsigned>(v.covered_by_credit.size()));
              for (size_t i = 0; i < v.covered_by_credit.size(); ++i)
                covered.set(static_cast<unsigned>(i), v.covered_by_credit[i]);
            }
          },
          [&](const DueDateChanged& v) {
            auto b = body.initDueDateChanged();
            b.setInvoiceNumber(v.invoice_number);
            b.setDueDateDays(DateToDays(v.due_date));
            b.setRemark(T(v.remark));
          },
          [&](const ReferenceRateSet& v) {
            auto b = body.initReferenceRateSet();
            b.setEffectiveDays(DateToDays(v.effective));
            b.setRateBp(v.rate_bp);
            b.setSource(T(v.source));
          },
          [&](const InterestPolicySet& v) {
            auto b = body.initInterestPolicySet();
            b.setMarginBp(v.margin_bp);
            b.setFromDayAfter(v.from_day_after);
            b.setStartAfterInvoiceDays(v.start_after_invoice_days);
            b.setMinInterestKronor(v.min_interest_kronor);
            b.setMinDaysLate(v.min_days_late);
            b.setEstatesExempt(v.estates_exempt);
            b.setLateCompensation(v.late_compensation);
            b.setInvoiceDueDays(v.invoice_due_days);
            b.setRevenueAccount(v.revenue_account);
          },
          [&](const InterestInvoiced& v) { SetInterestInvoiced(v, body.initInterestInvoiced()); },
          [&](const InterestTransferredToNextInvoice& v) {
            SetInterestInvoiced(v, body.initInterestTransferredToNextInvoice());
          },
          [&](const PaidInterestRecorded& v) {
            auto b = body.initPaidInterestRecorded();
            b.setInvoiceNumber(v.invoice_number);
            b.setAmountOre(v.amount.ore());
            b.setRemark(T(v.remark));
          },
          [&](const AccountPlanSet& v) {
            auto b = body.initAccountPlanSet();
            b.setRoutine(v.routine);
            b.setReceivables(v.receivables);
            b.setCarried(v.carried);
            b.setBank(v.bank);
            b.setCustomerCredit(v.customer_credit);
            b.setUnallocated(v.unallocated);
            b.setVat25(v.vat_25);
            b.setVat12(v.vat_12);
            b.setVat6(v.vat_6);
            b.setFeeRevenue(v.fee_revenue);
            b.setRounding(v.rounding);
            b.setCreditLosses(v.credit_losses);
            b.setInterestRevenue(v.interest_revenue);
            b.setDebitAdjustments(v.debit_adjustments);
          },
          [&](const InvoicesArchived& v) {
            auto b = body.initInvoicesArchived();
            b.setPaidBeforeDays(DateToDays(v.paid_before));
            auto l = b.initInvoices(static_cast<unsigned>(v.invoices.size()));
            for (size_t i = 0; i < v.invoices.size(); ++i) l.set(static_cast<unsigned>(i), v.invoices[i]);
          },
          [&](const ApprovalPolicySet& v) {
            auto b = body.initApprovalPolicySet();
            b.setAnnulment(v.annulment);
            b.setWriteOff(v.write_off);
            b.setWriteOffFromOre(v.write_off_from.ore());
          },
          [&](const ApprovalRequested& v) {
            auto b = body.initApprovalRequested();
            b.setRequestId(v.request_id);
            b.setKind(static_cast<uint8_t>(v.kind));
            b.setInvoiceNumber(v.invoice_number);
            b.setAmountOre(v.amount.ore());
            b.setRemark(T(v.remark));
            b.setTransactionDateDays(DateToDays(v.transaction_date));
            b.setMethod(T(v.method));
            b.setInvoiceVersion(v.invoice_version);
          },
          [&](const ApprovalDecided& v) {
            auto b = body.initApprovalDecided();
            b.setRequestId(v.request_id);
            b.setInvoiceNumber(v.invoice_number);
            b.setApproved(v.approved);
            b.setReason(T(v.reason));
          },
          [&](const PostingRunCompleted& v) {
            auto b = body.initPostingRunCompleted();
            b.setPostingDateDays(DateToDays(v.posting_date));
            b.setFromPosition(v.from_position);
            b.setToPosition(v.to_position);
            b.setVerifikationer(v.verifikationer);
            b.setDebitTotalOre(v.debit_total.ore());
            auto l = b.initRanges(static_cast<unsigned>(v.ranges.size()));
            for (size_t i = 0; i < v.ranges.size(); ++i) {
              auto x = l[static_cast<unsigned>(i)];
              x.setYear(v.ranges[i].year);
              x.setFirst(v.ranges[i].first);
              x.setLast(v.ranges[i].last);
            }
          },
          [&](const PeriodClosed& v) {
            auto b = body.initPeriodClosed();
            b.setThroughDays(DateToDays(v.through));
            b.setMoveToOpen(v.move_to_open);
            b.setSealedPosition(v.sealed_position);
            b.setSealedHash(T(v.sealed_hash));
          },
          [&](const DeferralGranted& v) {
            auto b = body.initDeferralGranted();
            b.setInvoiceNumber(v.invoice_number);
            b.setRequestedOnDays(DateToDays(v.requested_on));
            b.setUntilDays(DateToDays(v.until));
            b.setReason(T(v.reason));
          },
          [&](const AmortizationPlanEstablished& v) {
            auto b = body.initAmortizationPlanEstablished();
            b.setPlanId(T(v.plan_id));
            b.setCustomerNumber(T(v.customer_number));
            auto inv = b.initInvoices(static_cast<unsigned>(v.invoices.size()));
            for (size_t i = 0; i < v.invoices.size(); ++i) inv.set(static_cast<unsigned>(i), v.invoices[i]);
            auto out = b.initOutside(static_cast<unsigned>(v.outside.size()));
            for (size_t i = 0; i < v.outside.size(); ++i) {
              auto o = out[static_cast<unsigned>(i)];
              const OutsideClaim& c = v.outside[i];
              o.setText(T(c.text));
              o.setAmountOre(c.amount.ore());
              o.setHasDueDate(c.due_date.has_value());
              if (c.due_date) o.setDueDateDays(DateToDays(*c.due_date));
              o.setHasInterest(c.interest.has_value());
              if (c.interest) o.setInterestOre(c.interest->ore());
            }
            b.setLedgerDebtOre(v.ledger_debt.ore());
            b.setTotalOre(v.total.ore());
            auto ins = b.initInstalments(static_cast<unsigned>(v.instalments.size()));
            for (size_t i = 0; i < v.instalments.size(); ++i) {
              auto x = ins[static_cast<unsigned>(i)];
              const PlanInstalment& in = v.instalments[i];
              x.setDateDays(DateToDays(in.date));
              x.setAmountOre(in.amount.ore());
              x.setFeesOre(in.fees.ore());
              x.setCapitalOre(in.capital.ore());
              x.setNotificationFeeOre(in.notification_fee.ore());
              x.setInterestOre(in.interest.ore());
            }
            b.setApprovedBy(T(v.approved_by));
            b.setAutogiroOffered(v.autogiro_offered);
            b.setInterest(static_cast<cs::PlanInterest>(v.interest));
            b.setRateBp(v.rate_bp);
            b.setAccruedInterestOre(v.accrued_interest.ore());
          },
          [&](const AmortizationPlanEnded& v) {
            auto b = body.initAmortizationPlanEnded();
            b.setPlanId(T(v.plan_id));
            b.setCustomerNumber(T(v.customer_number));
            auto inv = b.initInvoices(static_cast<unsigned>(v.invoices.size()));
            for (size_t i = 0; i < v.invoices.size(); ++i) inv.set(static_cast<unsigned>(i), v.invoices[i]);
            b.setReason(static_cast<cs::PlanEnd>(v.reason));
            b.setRemark(T(v.remark));
          },
          [&](const PaymentOrderApplied& v) {
            auto b = body.initPaymentOrderApplied();
            b.setApplicationId(T(v.application_id));
            b.setNationalId(T(v.national_id));
            auto cl = b.initClaims(static_cast<unsigned>(v.claims.size()));
            for (size_t i = 0; i < v.claims.size(); ++i) {
              auto x = cl[static_cast<unsigned>(i)];
              x.setCompany(v.claims[i].company);
              x.setInvoiceNumber(v.claims[i].invoice_number);
              x.setCapitalOre(v.claims[i].capital.ore());
              x.setFeesOre(v.claims[i].fees.ore());
              x.setInterestOre(v.claims[i].interest.ore());
            }
            b.setCostsOre(v.costs.ore());
            b.setInterestAlternative(v.interest_alternative);
          },
          [&](const TransferredToCollection& v) {
            auto b = body.initTransferredToCollection();
            b.setInvoiceNumber(v.invoice_number);
            b.setAgency(T(v.agency));
            b.setCode(v.code);
            b.setWatchText(T(v.watch_text));
            b.setClaimOre(v.claim.ore());
            b.setZeroed(v.zeroed);
          },
      },
      rec.event.body);
}

absl::StatusOr<Hash> GetHash(capnp::Data::Reader d, const char* what) {
  if (d.size() != 32) return absl::DataLossError(absl::StrCat(what, " is not 32 bytes"));
  Hash h;
  std::memcpy(h.data(), d.begin(), 32);
  return h;
}

// Long by design, like Build: one flat switch arm per event type, reading its fields in schema
// order and checking each against the domain's limits as it goes.
absl::StatusOr<JournalRecord> Parse(cs::Record::Reader r) {
  JournalRecord rec;
  rec.position = r.getPosition();
  EventMeta& m = rec.event.meta;
  m.recorded_at = absl::FromUnixMicros(r.getRecordedAtMicros());
  m.effective_date = DaysToDate(r.getEffectiveDateDays());
  m.company = r.getCompany();
  m.actor = S(r.getActor());
  m.command_id = S(r.getCommandId());
  ASSIGN_OR_RETURN(rec.prev_hash, GetHash(r.getPrevHash(), "prev_hash"));
  ASSIGN_OR_RETURN(rec.hash, GetHash(r.getHash(), "hash"));
  auto body = r.getBody();
  auto amount_change = [](cs::InvoiceAmountChange::Reader b, auto out) {
    out.invoice_number = b.getInvoiceNumber();
    out.amount = Money::FromOre(b.getAmountOre());
    out.remark = S(b.getRemark());
    out.method = S(b.getMethod());
    return out;
  };
  switch (body.which()) {
    case cs::Record::Body::COMPANY_REGISTERED: {
      auto b = body.getCompanyRegistered();
      rec.event.body = CompanyRegistered{S(b.getName()), S(b.getOrgNumber())};
      break;
    }
    case cs::Record::Body::CUSTOMER_REGISTERED: {
      auto b = body.getCustomerRegistered();
      ASSIGN_OR_RETURN(CustomerDetails d, GetDetails(b.getDetails()));
      rec.event.body = CustomerRegistered{S(b.getCustomerNumber()), std::move(d)};
      break;
    }
    case cs::Record::Body::CUSTOMER_CHANGED: {
      auto b = body.getCustomerChanged();
      ASSIGN_OR_RETURN(CustomerDetails d, GetDetails(b.getDetails()));
      rec.event.body = CustomerChanged{S(b.getCustomerNumber()), std::move(d)};
      break;
    }
    case cs::Record::Body::INVOICE_ISSUED: {
      auto b = body.getInvoiceIssued();
      InvoiceIssued v;
      v.invoice_number = b.getInvoiceNumber();
      v.customer_number = S(b.getCustomerNumber());
      v.routine = b.getRoutine();
      v.invoice_date = DaysToDate(b.getInvoiceDateDays());
      v.due_date = DaysToDate(b.getDueDateDays());
      for (auto l : b.getLines()) {
        v.lines.push_back(InvoiceLine{S(l.getDescription()), Money::FromOre(l.getNetOre()), l.getVatRateBp(),
                                      Money::FromOre(l.getVatOre()), l.getRevenueAccount(),
                                      l.getOutsideVatScope()});
      }
      v.ocr_reference = S(b.getOcrReference());
      v.total = Money::FromOre(b.getTotalOre());
      ASSIGN_OR_RETURN(v.attributes, GetAttributes(b));
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::PAYMENT_RECEIVED: {
      auto b = body.getPaymentReceived();
      if (static_cast<int>(b.getChannel()) > 4) return absl::DataLossError("unknown payment channel");
      rec.event.body = PaymentReceived{S(b.getPaymentId()),
                                       static_cast<PaymentChannel>(b.getChannel()),
                                       Money::FromOre(b.getAmountOre()),
                                       S(b.getReference()),
                                       S(b.getPayerName()),
                                       b.getIntendedInvoice(),
                                       S(b.getMethod()),
                                       b.getFromCollectionAgency(),
                                       S(b.getBankReference()),
                                       S(b.getMessage())};
      break;
    }
    case cs::Record::Body::PAYMENT_ALLOCATED: {
      auto b = body.getPaymentAllocated();
      rec.event.body =
          PaymentAllocated{S(b.getPaymentId()), b.getInvoiceNumber(), Money::FromOre(b.getFeesOre()),
                           Money::FromOre(b.getInterestOre()), Money::FromOre(b.getCapitalOre())};
      break;
    }
    case cs::Record::Body::OVERPAYMENT_RECORDED: {
      auto b = body.getOverpaymentRecorded();
      rec.event.body = OverpaymentRecorded{S(b.getPaymentId()), S(b.getCustomerNumber()),
                                           b.getInvoiceNumber(), Money::FromOre(b.getAmountOre())};
      break;
    }
    case cs::Record::Body::INVOICE_CREDITED: {
      auto b = body.getInvoiceCredited();
      rec.event.body = InvoiceCredited{b.getInvoiceNumber(), S(b.getCreditNoteNumber()),
                                       Money::FromOre(b.getAmountOre()), S(b.getRemark()), S(b.getMethod())};
      break;
    }
    case cs::Record::Body::INVOICE_ANNULLED:
      rec.event.body = amount_change(body.getInvoiceAnnulled(), InvoiceAnnulled{});
      break;
    case cs::Record::Body::DEBIT_ADJUSTED:
      rec.event.body = amount_change(body.getDebitAdjusted(), DebitAdjusted{});
      break;
    case cs::Record::Body::WRITTEN_OFF:
      rec.event.body = amount_change(body.getWrittenOff(), WrittenOff{});
      break;
    case cs::Record::Body::NOTE_ADDED: {
      auto b = body.getNoteAdded();
      rec.event.body = NoteAdded{b.getInvoiceNumber(), S(b.getCustomerNumber()), S(b.getText())};
      break;
    }
    case cs::Record::Body::PAYMENT_SETTINGS_SET: {
      auto b = body.getPaymentSettingsSet();
      PaymentSettingsSet v;
      v.bankgiro = S(b.getBankgiro());
      v.overpayment_limit = Money::FromOre(b.getOverpaymentLimitOre());
      v.underpayment_limit = Money::FromOre(b.getUnderpaymentLimitOre());
      v.small_difference_account = b.getSmallDifferenceAccount();
      v.ocr_control = b.getOcrControl();
      v.allocation_order = S(b.getAllocationOrder());
      v.oldest_first = b.getOldestFirst();
      v.carry_to_next_invoice = b.getCarryToNextInvoice();
      for (auto giro : b.getAgencyBankgiros()) v.agency_bankgiros.push_back(S(giro));
      v.ocr_length_digit = b.getOcrLengthDigit();
      v.reference_kind = b.getReferenceKind();
      v.currency = S(b.getCurrency());
      for (auto account : b.getBankAccounts()) v.bank_accounts.push_back(S(account));
      v.apply_credit_to_new_invoices = b.getApplyCreditToNewInvoices();
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::PAYMENT_FILE_IMPORTED: {
      auto b = body.getPaymentFileImported();
      PaymentFileImported v;
      v.fingerprint = S(b.getFingerprint());
      v.format = S(b.getFormat());
      v.bankgiro = S(b.getBankgiro());
      for (auto d : b.getDeposits()) {
        v.deposits.push_back(ImportedDeposit{DaysToDate(d.getPaymentDateDays()), d.getSerial()});
      }
      v.payment_count = b.getPaymentCount();
      v.total = Money::FromOre(b.getTotalOre());
      v.resend = b.getResend();
      for (auto key : b.getPaymentKeys()) v.payment_keys.push_back(S(key));
      for (auto s : b.getSkipped()) v.skipped.push_back(S(s));
      v.skipped_total = Money::FromOre(b.getSkippedOre());
      v.message_id = S(b.getMessageId());
      v.other_entries = b.getOtherEntries();
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::SMALL_DIFFERENCE_WRITTEN_OFF: {
      auto b = body.getSmallDifferenceWrittenOff();
      rec.event.body = SmallDifferenceWrittenOff{S(b.getPaymentId()), b.getInvoiceNumber(),
                                                 Money::FromOre(b.getAmountOre()), b.getAccount()};
      break;
    }
    case cs::Record::Body::PAYMENT_UNMATCHED: {
      auto b = body.getPaymentUnmatched();
      rec.event.body = PaymentUnmatched{S(b.getPaymentId()), Money::FromOre(b.getAmountOre()),
                                        S(b.getReference()), S(b.getPayerName()), S(b.getReason())};
      break;
    }
    case cs::Record::Body::UNMATCHED_PAYMENT_RESOLVED: {
      auto b = body.getUnmatchedPaymentResolved();
      if (static_cast<int>(b.getResolution()) > 2) return absl::DataLossError("unknown resolution");
      rec.event.body =
          UnmatchedPaymentResolved{S(b.getPaymentId()), static_cast<Resolution>(b.getResolution()),
                                   Money::FromOre(b.getAmountOre()), b.getAccount(), S(b.getText())};
      break;
    }
    case cs::Record::Body::CREDIT_BALANCE_APPLIED: {
      auto b = body.getCreditBalanceApplied();
      rec.event.body =
          CreditBalanceApplied{S(b.getCustomerNumber()), b.getInvoiceNumber(), Money::FromOre(b.getFeesOre()),
                               Money::FromOre(b.getInterestOre()), Money::FromOre(b.getCapitalOre())};
      break;
    }
    case cs::Record::Body::CREDIT_BALANCE_REFUNDED: {
      auto b = body.getCreditBalanceRefunded();
      rec.event.body = CreditBalanceRefunded{S(b.getCustomerNumber()), Money::FromOre(b.getAmountOre()),
                                             S(b.getRecipient())};
      break;
    }
    case cs::Record::Body::LETTER_TEXT_SET: {
      auto b = body.getLetterTextSet();
      if (static_cast<int>(b.getKind()) > 3) return absl::DataLossError("unknown letter text kind");
      if (static_cast<int>(b.getForm()) > 1) return absl::DataLossError("unknown letter form");
      LetterTextSet v;
      v.kind = static_cast<LetterTextKind>(b.getKind());
      v.number = b.getNumber();
      v.form = static_cast<LetterForm>(b.getForm());
      for (auto row : b.getRows()) v.rows.push_back(S(row));
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::INVOICE_ATTRIBUTES_CHANGED: {
      auto b = body.getInvoiceAttributesChanged();
      InvoiceAttributesChanged v;
      v.invoice_number = b.getInvoiceNumber();
      ASSIGN_OR_RETURN(v.attributes, GetAttributes(b));
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::COMPANY_DETAILS_SET: {
      auto b = body.getCompanyDetailsSet();
      rec.event.body = CompanyDetailsSet{S(b.getStreet()),   S(b.getPostalCode()), S(b.getCity()),
                                         S(b.getCountry()),  S(b.getVatNumber()),  b.getFSkatt(),
                                         S(b.getPeppolId()), S(b.getEmail()),      S(b.getPhone())};
      break;
    }
    case cs::Record::Body::INVOICE_FILE_IMPORTED: {
      auto b = body.getInvoiceFileImported();
      InvoiceFileImported v{S(b.getFingerprint()),
                            S(b.getFormat()),
                            b.getInvoices(),
                            Money::FromOre(b.getTotalOre()),
                            b.getCustomersRegistered(),
                            b.getCustomersChanged(),
                            {},
                            {},
                            b.getOpeningAccount(),
                            DaysToDate(b.getBalanceDateDays())};
      for (auto id : b.getSourceIds()) v.source_ids.push_back(S(id));
      for (int64_t n : b.getNumbers()) v.numbers.push_back(n);
      if (v.source_ids.size() != v.numbers.size())
        return absl::DataLossError("source ids and numbers differ in count");
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::DOCUMENT_PRODUCED: {
      auto b = body.getDocumentProduced();
      if (static_cast<int>(b.getKind()) > static_cast<int>(ProducedDocument::kEInvoiceCreditNote))
        return absl::DataLossError("unknown document kind");
      DocumentProduced v;
      v.kind = static_cast<ProducedDocument>(b.getKind());
      v.source_position = b.getSourcePosition();
      v.date = DaysToDate(b.getDateDays());
      v.routine = b.getRoutine();
      for (int64_t n : b.getInvoices()) v.invoices.push_back(n);
      v.handler = S(b.getHandler());
      v.original_date = b.getOriginalDate();
      v.sha256 = S(b.getSha256());
      v.bytes = b.getBytes();
      v.pages = b.getPages();
      v.about_position = b.getAboutPosition();
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::NEGATIVE_INVOICE_SETTLED: {
      auto b = body.getNegativeInvoiceSettled();
      rec.event.body = NegativeInvoiceSettled{b.getInvoiceNumber(), S(b.getCustomerNumber()),
                                              Money::FromOre(b.getAmountOre())};
      break;
    }
    case cs::Record::Body::REFUND_ISSUED: {
      auto b = body.getRefundIssued();
      rec.event.body =
          RefundIssued{S(b.getPaymentId()), Money::FromOre(b.getAmountOre()), S(b.getRecipient())};
      break;
    }
    case cs::Record::Body::WRITE_OFF_RECOVERED: {
      auto b = body.getWriteOffRecovered();
      rec.event.body =
          WriteOffRecovered{S(b.getPaymentId()), b.getInvoiceNumber(), Money::FromOre(b.getAmountOre())};
      break;
    }
    case cs::Record::Body::PAYMENT_REVERSED: {
      auto b = body.getPaymentReversed();
      PaymentReversed v;
      v.payment_id = S(b.getPaymentId());
      v.remark = S(b.getRemark());
      for (auto part : b.getParts()) {
        v.parts.push_back(ReversedPart{
            part.getInvoiceNumber(), Money::FromOre(part.getFeesOre()), Money::FromOre(part.getInterestOre()),
            Money::FromOre(part.getCapitalOre()), Money::FromOre(part.getSmallDifferenceOre()),
            Money::FromOre(part.getRecoveredOre()), Money::FromOre(part.getCarriedOre())});
      }
      v.customer_number = S(b.getCustomerNumber());
      v.overpayment = Money::FromOre(b.getOverpaymentOre());
      v.unmatched = Money::FromOre(b.getUnmatchedOre());
      v.carried_overpayment = Money::FromOre(b.getCarriedOverpaymentOre());
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::PAYMENT_METHOD_DEFINED: {
      auto b = body.getPaymentMethodDefined();
      if (static_cast<int>(b.getSpecial()) > 3) return absl::DataLossError("unknown payment method kind");
      PaymentMethodDefined v;
      v.code = S(b.getCode());
      v.text = S(b.getText());
      v.debit = b.getDebit();
      v.posted = !b.getNotPosted();
      v.no_interest = b.getNoInterest();
      v.special = static_cast<MethodSpecial>(b.getSpecial());
      v.text_only = b.getTextOnly();
      v.account = b.getAccount();
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::FEE_CHARGED: {
      auto b = body.getFeeCharged();
      ASSIGN_OR_RETURN(ChargeKind kind, GetChargeKind(b.getKind()));
      rec.event.body = FeeCharged{b.getInvoiceNumber(), kind, Money::FromOre(b.getAmountOre()),
                                  !b.getOnlyNoted(), S(b.getText())};
      break;
    }
    case cs::Record::Body::INTEREST_CHARGED: {
      auto b = body.getInterestCharged();
      rec.event.body =
          InterestCharged{b.getInvoiceNumber(), Money::FromOre(b.getAmountOre()), S(b.getText())};
      break;
    }
    case cs::Record::Body::FEE_REVERSED: {
      auto b = body.getFeeReversed();
      ASSIGN_OR_RETURN(ChargeKind kind, GetChargeKind(b.getKind()));
      rec.event.body = FeeReversed{b.getInvoiceNumber(), kind, Money::FromOre(b.getAmountOre()),
                                   S(b.getMethod()), S(b.getRemark())};
      break;
    }
    case cs::Record::Body::WATCH_TEXT_SET: {
      auto b = body.getWatchTextSet();
      rec.event.body = WatchTextSet{b.getInvoiceNumber(), S(b.getText())};
      break;
    }
    case cs::Record::Body::PAYMENT_DIFFERENCE_CARRIED: {
      auto b = body.getPaymentDifferenceCarried();
      rec.event.body = PaymentDifferenceCarried{S(b.getPaymentId()), b.getInvoiceNumber(),
                                                S(b.getCustomerNumber()), Money::FromOre(b.getAmountOre())};
      break;
    }
    case cs::Record::Body::CARRIED_DIFFERENCE_APPLIED: {
      auto b = body.getCarriedDifferenceApplied();
      rec.event.body = CarriedDifferenceApplied{b.getInvoiceNumber(), S(b.getCustomerNumber()),
                                                Money::FromOre(b.getAmountOre())};
      break;
    }
    case cs::Record::Body::DUNNING_POLICY_SET: {
      auto b = body.getDunningPolicySet();
      DunningPolicySet v;
      v.routine = b.getRoutine();
      v.reminder1 = GetStepPolicy(b.getReminder1());
      v.reminder2 = GetStepPolicy(b.getReminder2());
      v.demand = GetStepPolicy(b.getDemand());
      v.residual = GetStepPolicy(b.getResidual());
      v.threat = GetStepPolicy(b.getThreat());
      v.demand_base = b.getDemandBase();
      v.charge_interest_at_demand = b.getChargeInterestAtDemand();
      v.fees_agreed = b.getFeesAgreed();
      v.no_fee_below = Money::FromOre(b.getNoFeeBelowOre());
      v.max_letters_per_month = b.getMaxLettersPerMonth();
      v.plan_min_total = Money::FromOre(b.getPlanMinTotalOre());
      v.plan_approval_months = b.getPlanApprovalMonths();
      v.plan_fee_kronor = b.getPlanFeeKronor();
      v.plan_grace_days = b.getPlanGraceDays();
      v.max_runs_per_month = b.getMaxRunsPerMonth();
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::DUNNING_CODE_DEFINED: {
      auto b = body.getDunningCodeDefined();
      rec.event.body = DunningCodeDefined{b.getCode(), S(b.getText()), b.getFlags()};
      break;
    }
    case cs::Record::Body::DUNNING_CODE_ASSIGNED: {
      auto b = body.getDunningCodeAssigned();
      DunningCodeAssigned v{b.getInvoiceNumber(), b.getCode(), std::nullopt};
      if (b.getHasUntil()) v.until = DaysToDate(b.getUntilDays());
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::DUNNING_CODE_REMOVED: {
      auto b = body.getDunningCodeRemoved();
      rec.event.body = DunningCodeRemoved{b.getInvoiceNumber(), b.getCode()};
      break;
    }
    case cs::Record::Body::DUNNING_STEP_ISSUED: {
      auto b = body.getDunningStepIssued();
      ASSIGN_OR_RETURN(DunningStep step, GetStep(b.getStep()));
      rec.event.body = DunningStepIssued{b.getInvoiceNumber(),
                                         step,
                                         Money::FromOre(b.getClaimOre()),
                                         Money::FromOre(b.getFeeOre()),
                                         b.getFeeCharged(),
                                         Money::FromOre(b.getCustomerCreditOre())};
      break;
    }
    case cs::Record::Body::DUNNING_STEP_CLEARED: {
      auto b = body.getDunningStepCleared();
      ASSIGN_OR_RETURN(DunningStep step, GetStep(b.getStep()));
      rec.event.body = DunningStepCleared{b.getInvoiceNumber(), step, Money::FromOre(b.getNotedRemovedOre()),
                                          S(b.getRemark())};
      break;
    }
    case cs::Record::Body::DUNNING_RUN_COMPLETED: {
      auto b = body.getDunningRunCompleted();
      DunningRunCompleted v;
      v.run_date = DaysToDate(b.getRunDateDays());
      v.routine = b.getRoutine();
      v.first_invoice = b.getFirstInvoice();
      v.last_invoice = b.getLastInvoice();
      v.letters = b.getLetters();
      v.fees_charged = Money::FromOre(b.getFeesChargedOre());
      v.fees_noted = Money::FromOre(b.getFeesNotedOre());
      v.plans_ended = b.getPlansEnded();
      for (int64_t n : b.getCoveredByCredit()) v.covered_by_credit.push_back(n);
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::DUE_DATE_CHANGED: {
      auto b = body.getDueDateChanged();
      rec.event.body = DueDateChanged{b.getInvoiceNumber(), DaysToDate(b.getDueDateDays()), S(b.getRemark())};
      break;
    }
    case cs::Record::Body::REFERENCE_RATE_SET: {
      auto b = body.getReferenceRateSet();
      rec.event.body = ReferenceRateSet{DaysToDate(b.getEffectiveDays()), b.getRateBp(), S(b.getSource())};
      break;
    }
    case cs::Record::Body::INTEREST_POLICY_SET: {
      auto b = body.getInterestPolicySet();
      InterestPolicySet v;
      v.margin_bp = b.getMarginBp();
      v.from_day_after = b.getFromDayAfter();
      v.start_after_invoice_days = b.getStartAfterInvoiceDays();
      v.min_interest_kronor = b.getMinInterestKronor();
      v.min_days_late = b.getMinDaysLate();
      v.estates_exempt = b.getEstatesExempt();
      v.late_compensation = b.getLateCompensation();
      v.invoice_due_days = b.getInvoiceDueDays();
      v.revenue_account = b.getRevenueAccount();
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::INTEREST_INVOICED:
      rec.event.body = GetInterestInvoiced<InterestInvoiced>(body.getInterestInvoiced());
      break;
    case cs::Record::Body::INTEREST_TRANSFERRED_TO_NEXT_INVOICE:
      rec.event.body =
          GetInterestInvoiced<InterestTransferredToNextInvoice>(body.getInterestTransferredToNextInvoice());
      break;
    case cs::Record::Body::ACCOUNT_PLAN_SET: {
      auto b = body.getAccountPlanSet();
      AccountPlanSet v;
      v.routine = b.getRoutine();
      v.receivables = b.getReceivables();
      v.carried = b.getCarried();
      v.bank = b.getBank();
      v.customer_credit = b.getCustomerCredit();
      v.unallocated = b.getUnallocated();
      v.vat_25 = b.getVat25();
      v.vat_12 = b.getVat12();
      v.vat_6 = b.getVat6();
      v.fee_revenue = b.getFeeRevenue();
      v.rounding = b.getRounding();
      v.credit_losses = b.getCreditLosses();
      v.interest_revenue = b.getInterestRevenue();
      v.debit_adjustments = b.getDebitAdjustments();
      rec.event.body = v;
      break;
    }
    case cs::Record::Body::INVOICES_ARCHIVED: {
      auto b = body.getInvoicesArchived();
      InvoicesArchived v;
      v.paid_before = DaysToDate(b.getPaidBeforeDays());
      for (int64_t n : b.getInvoices()) v.invoices.push_back(n);
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::APPROVAL_POLICY_SET: {
      auto b = body.getApprovalPolicySet();
      rec.event.body =
          ApprovalPolicySet{b.getAnnulment(), b.getWriteOff(), Money::FromOre(b.getWriteOffFromOre())};
      break;
    }
    case cs::Record::Body::APPROVAL_REQUESTED: {
      auto b = body.getApprovalRequested();
      if (b.getKind() < 1 || b.getKind() > 2) return absl::DataLossError("unknown approval kind");
      rec.event.body = ApprovalRequested{b.getRequestId(),     static_cast<ApprovalKind>(b.getKind()),
                                         b.getInvoiceNumber(), Money::FromOre(b.getAmountOre()),
                                         S(b.getRemark()),     DaysToDate(b.getTransactionDateDays()),
                                         S(b.getMethod()),     b.getInvoiceVersion()};
      break;
    }
    case cs::Record::Body::APPROVAL_DECIDED: {
      auto b = body.getApprovalDecided();
      rec.event.body =
          ApprovalDecided{b.getRequestId(), b.getInvoiceNumber(), b.getApproved(), S(b.getReason())};
      break;
    }
    case cs::Record::Body::POSTING_RUN_COMPLETED: {
      auto b = body.getPostingRunCompleted();
      PostingRunCompleted v;
      v.posting_date = DaysToDate(b.getPostingDateDays());
      v.from_position = b.getFromPosition();
      v.to_position = b.getToPosition();
      v.verifikationer = b.getVerifikationer();
      v.debit_total = Money::FromOre(b.getDebitTotalOre());
      for (auto x : b.getRanges()) v.ranges.push_back(PostingRange{x.getYear(), x.getFirst(), x.getLast()});
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::PERIOD_CLOSED: {
      auto b = body.getPeriodClosed();
      rec.event.body = PeriodClosed{DaysToDate(b.getThroughDays()), b.getMoveToOpen(), b.getSealedPosition(),
                                    S(b.getSealedHash())};
      break;
    }
    case cs::Record::Body::PAID_INTEREST_RECORDED: {
      auto b = body.getPaidInterestRecorded();
      rec.event.body =
          PaidInterestRecorded{b.getInvoiceNumber(), Money::FromOre(b.getAmountOre()), S(b.getRemark())};
      break;
    }
    case cs::Record::Body::DEFERRAL_GRANTED: {
      auto b = body.getDeferralGranted();
      rec.event.body = DeferralGranted{b.getInvoiceNumber(), DaysToDate(b.getRequestedOnDays()),
                                       DaysToDate(b.getUntilDays()), S(b.getReason())};
      break;
    }
    case cs::Record::Body::AMORTIZATION_PLAN_ESTABLISHED: {
      auto b = body.getAmortizationPlanEstablished();
      AmortizationPlanEstablished v;
      v.plan_id = S(b.getPlanId());
      v.customer_number = S(b.getCustomerNumber());
      for (int64_t n : b.getInvoices()) v.invoices.push_back(n);
      for (auto o : b.getOutside()) {
        OutsideClaim c{S(o.getText()), Money::FromOre(o.getAmountOre())};
        if (o.getHasDueDate()) c.due_date = DaysToDate(o.getDueDateDays());
        if (o.getHasInterest()) c.interest = Money::FromOre(o.getInterestOre());
        v.outside.push_back(std::move(c));
      }
      v.ledger_debt = Money::FromOre(b.getLedgerDebtOre());
      v.total = Money::FromOre(b.getTotalOre());
      for (auto x : b.getInstalments()) {
        v.instalments.push_back(
            PlanInstalment{DaysToDate(x.getDateDays()), Money::FromOre(x.getAmountOre()),
                           Money::FromOre(x.getFeesOre()), Money::FromOre(x.getCapitalOre()),
                           Money::FromOre(x.getNotificationFeeOre()), Money::FromOre(x.getInterestOre())});
      }
      v.approved_by = S(b.getApprovedBy());
      v.autogiro_offered = b.getAutogiroOffered();
      if (static_cast<int>(b.getInterest()) > 2) return absl::DataLossError("unknown plan interest rule");
      v.interest = static_cast<PlanInterest>(b.getInterest());
      v.rate_bp = b.getRateBp();
      v.accrued_interest = Money::FromOre(b.getAccruedInterestOre());
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::AMORTIZATION_PLAN_ENDED: {
      auto b = body.getAmortizationPlanEnded();
      if (static_cast<int>(b.getReason()) > 2) return absl::DataLossError("unknown plan end");
      AmortizationPlanEnded v;
      v.plan_id = S(b.getPlanId());
      v.customer_number = S(b.getCustomerNumber());
      for (int64_t n : b.getInvoices()) v.invoices.push_back(n);
      v.reason = static_cast<PlanEnd>(b.getReason());
      v.remark = S(b.getRemark());
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::PAYMENT_ORDER_APPLIED: {
      auto b = body.getPaymentOrderApplied();
      PaymentOrderApplied v;
      v.application_id = S(b.getApplicationId());
      v.national_id = S(b.getNationalId());
      for (auto x : b.getClaims()) {
        v.claims.push_back(
            PaymentOrderClaim{x.getCompany(), x.getInvoiceNumber(), Money::FromOre(x.getCapitalOre()),
                              Money::FromOre(x.getFeesOre()), Money::FromOre(x.getInterestOre())});
      }
      v.costs = Money::FromOre(b.getCostsOre());
      v.interest_alternative = b.getInterestAlternative();
      rec.event.body = std::move(v);
      break;
    }
    case cs::Record::Body::TRANSFERRED_TO_COLLECTION: {
      auto b = body.getTransferredToCollection();
      rec.event.body = TransferredToCollection{b.getInvoiceNumber(),
                                               S(b.getAgency()),
                                               b.getCode(),
                                               S(b.getWatchText()),
                                               Money::FromOre(b.getClaimOre()),
                                               b.getZeroed()};
      break;
    }
    default:
      return absl::DataLossError(absl::StrCat("unknown event type ", static_cast<int>(body.which())));
  }
  return rec;
}

}  // namespace

std::string HashToHex(const Hash& h) {
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(h.data()), h.size()));
}

Hash Sha256(absl::string_view a, absl::string_view b) {
  Hash out;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  RESKONTRA_CHECK(ctx != nullptr);
  RESKONTRA_CHECK(EVP_DigestInit_ex(ctx, EVP_sha256(), nullptr) == 1);
  RESKONTRA_CHECK(EVP_DigestUpdate(ctx, a.data(), a.size()) == 1);
  if (!b.empty()) RESKONTRA_CHECK(EVP_DigestUpdate(ctx, b.data(), b.size()) == 1);
  unsigned int len = 0;
  RESKONTRA_CHECK(EVP_DigestFinal_ex(ctx, out.data(), &len) == 1 && len == 32);
  EVP_MD_CTX_free(ctx);
  return out;
}

namespace {

// The record's canonical words. The builder's first segment is sized for a typical record
// (a few hundred bytes) rather than Cap'n Proto's default 8 KiB, which it would zero for
// every record; a larger record just gets more segments, which canonicalize flattens.
kj::Array<capnp::word> CanonicalWords(const JournalRecord& record, bool with_hash) {
  capnp::MallocMessageBuilder message(128);
  Build(message.initRoot<cs::Record>(), record, with_hash);
  return capnp::canonicalize(message.getRoot<cs::Record>().asReader());
}

}  // namespace

std::string EncodeRecord(const JournalRecord& record, bool with_hash) {
  kj::Array<capnp::word> words = CanonicalWords(record, with_hash);
  kj::ArrayPtr<const char> bytes = words.asChars();
  return std::string(bytes.begin(), bytes.size());
}

Hash ComputeRecordHash(const JournalRecord& record) {
  const std::string body = EncodeRecord(record, /*with_hash=*/false);
  return Sha256(absl::string_view(reinterpret_cast<const char*>(record.prev_hash.data()), 32), body);
}

namespace {

// The canonical bytes of a record, read as words without Cap'n Proto (every offset checked):
// enough to find the hash and cut it out.
//   word 0: the root struct pointer (offset 0, D data words, P pointers); then the data; then
//   the pointers; then what they point to, in pointer order (canonical form).
class RecordWords {
 public:
  explicit RecordWords(absl::string_view bytes) : bytes_(bytes), n_(bytes.size() / 8) {}

  // False for anything but a canonical-looking root struct.
  bool Root() {
    if (bytes_.size() % 8 != 0 || n_ < 2) return false;
    const uint64_t w = Word(0);
    if ((w & 3) != 0 || static_cast<uint32_t>(w) >> 2 != 0) return false;
    data_ = (w >> 32) & 0xffff;
    pointers_ = (w >> 48) & 0xffff;
    return 1 + data_ + pointers_ <= n_;
  }
  size_t pointers() const { return pointers_; }
  size_t PointerAt(size_t slot) const { return 1 + data_ + slot; }  // word index
  uint64_t Word(size_t i) const {
    uint64_t w;
    std::memcpy(&w, bytes_.data() + 8 * i, 8);
    return w;  // little-endian, as the machine (x86-64, arm64) and Cap'n Proto are
  }
  // The word index of a near pointer's target; nullopt for a null, far or other pointer.
  std::optional<int64_t> Target(size_t at) const {
    const uint64_t w = Word(at);
    if (w == 0 || (w & 3) >= 2) return std::nullopt;
    const int32_t offset = static_cast<int32_t>(static_cast<uint32_t>(w)) >> 2;
    return static_cast<int64_t>(at) + 1 + offset;
  }
  // The word index of the 32 bytes a slot's Data points to; nullopt unless it is 32 bytes.
  std::optional<size_t> Data32(size_t slot) const {
    if (slot >= pointers_) return std::nullopt;
    const size_t at = PointerAt(slot);
    const uint64_t w = Word(at);
    if ((w & 3) != 1 || ((w >> 32) & 7) != 2 || (w >> 35) != 32) return std::nullopt;
    std::optional<int64_t> t = Target(at);
    if (!t || *t <= static_cast<int64_t>(at) || static_cast<size_t>(*t) + 4 > n_) return std::nullopt;
    return static_cast<size_t>(*t);
  }

 private:
  absl::string_view bytes_;
  size_t n_;
  size_t data_ = 0, pointers_ = 0;
};

// The pointer slot of Record's hash, from the schema.
size_t SlotOf(const char* field) {
  return capnp::Schema::from<cs::Record>().getFieldByName(field).getProto().getSlot().getOffset();
}
size_t HashSlot() {
  static const size_t slot = SlotOf("hash");
  return slot;
}

// Canonical bytes with the hash → the bytes the hash covers (the same record with an empty
// hash): the hash's 4 words come out, its pointer becomes null, and the root's pointers after
// it, whose targets all lie beyond the hash (canonical order), point 4 words nearer. Returns
// the byte offset of the hash's 32 bytes in `bytes`; nullopt when the layout is not this one
// (e.g. nothing non-null follows the hash, so that the shorter form would drop pointer slots).
std::optional<size_t> CutHash(absl::string_view bytes, std::string* without) {
  RecordWords r(bytes);
  if (!r.Root()) return std::nullopt;
  const size_t slot = HashSlot();
  std::optional<size_t> hash_at = r.Data32(slot);
  if (!hash_at) return std::nullopt;
  // The hash's bytes lie beyond the root's own words (else cutting them would move those).
  if (*hash_at < r.PointerAt(r.pointers())) return std::nullopt;
  const size_t hash_end = *hash_at + 4;
  // Everything before the hash points before it; everything after, beyond it.
  bool after = false;
  for (size_t j = 0; j < r.pointers(); ++j) {
    if (j == slot) continue;
    const size_t at = r.PointerAt(j);
    const uint64_t w = r.Word(at);
    if (w == 0) continue;
    if ((w & 3) >= 2) return std::nullopt;  // far or capability: not a canonical record
    if ((w & 3) == 0 && (w >> 32) == 0) {   // an empty struct: offset -1, wherever it is
      after |= j > slot;
      continue;
    }
    std::optional<int64_t> t = r.Target(at);
    if (!t) return std::nullopt;
    if (j < slot && *t >= static_cast<int64_t>(*hash_at)) return std::nullopt;
    if (j > slot) {
      if (*t < static_cast<int64_t>(hash_end)) return std::nullopt;
      after = true;
    }
  }
  if (!after) return std::nullopt;
  without->assign(bytes.data(), 8 * *hash_at);
  without->append(bytes.data() + 8 * hash_end, bytes.size() - 8 * hash_end);
  auto put = [&](size_t i, uint64_t w) { std::memcpy(without->data() + 8 * i, &w, 8); };
  put(r.PointerAt(slot), 0);
  for (size_t j = slot + 1; j < r.pointers(); ++j) {
    const size_t at = r.PointerAt(j);
    const uint64_t w = r.Word(at);
    if (w == 0 || ((w & 3) == 0 && (w >> 32) == 0)) continue;
    const int32_t offset = (static_cast<int32_t>(static_cast<uint32_t>(w)) >> 2) - 4;
    put(at, (w & ~uint64_t{0xffffffff}) | (static_cast<uint32_t>(offset) << 2) | (w & 3));
  }
  return 8 * *hash_at;
}

Hash HashOf(const Hash& prev, absl::string_view without_hash) {
  return Sha256(absl::string_view(reinterpret_cast<const char*>(prev.data()), 32), without_hash);
}

}  // namespace

std::optional<std::string> BytesCoveredByHash(absl::string_view bytes) {
  std::string without;
  if (!CutHash(bytes, &without)) return std::nullopt;
  return without;
}

std::string EncodeAndHash(JournalRecord& record) {
  record.hash = Hash{};
  std::string bytes = EncodeRecord(record, /*with_hash=*/true);  // 32 zero bytes in the hash's place
  std::string without;
  if (std::optional<size_t> at = CutHash(bytes, &without)) {
    record.hash = HashOf(record.prev_hash, without);
    std::memcpy(bytes.data() + *at, record.hash.data(), 32);
    return bytes;
  }
  record.hash = ComputeRecordHash(record);
  return EncodeRecord(record);
}

absl::StatusOr<RecordLink> CheckStoredRecord(absl::string_view bytes) {
  // This version must understand every stored bit (not a newer version's field, not a padding
  // bit, whoever computed the hash): strictly decoded, the bytes are exactly the record's
  // canonical encoding...
  ASSIGN_OR_RETURN(JournalRecord rec, DecodeRecord(bytes, DecodeCheck::kStrict));
  // ...so the bytes the hash covers are cut from them instead of encoded again.
  std::string without;
  const Hash computed = CutHash(bytes, &without) ? HashOf(rec.prev_hash, without) : ComputeRecordHash(rec);
  if (computed != rec.hash) return absl::DataLossError("hash does not match the content");
  return RecordLink{rec.position, rec.prev_hash, rec.hash};
}

absl::StatusOr<JournalRecord> DecodeRecord(absl::string_view bytes, DecodeCheck check) {
  if (bytes.empty() || bytes.size() % sizeof(capnp::word) != 0) {
    return absl::DataLossError(absl::StrCat("record of ", bytes.size(), " bytes is not whole words"));
  }
  // Copy into word-aligned storage: RocksDB gives no alignment guarantee.
  kj::Array<capnp::word> words = kj::heapArray<capnp::word>(bytes.size() / sizeof(capnp::word));
  std::memcpy(words.begin(), bytes.data(), bytes.size());
  absl::StatusOr<JournalRecord> result;
  kj::Maybe<kj::Exception> error = kj::runCatchingExceptions([&]() {
    kj::ArrayPtr<const capnp::word> segments[1] = {words.asPtr()};
    capnp::ReaderOptions options;
    options.traversalLimitInWords = words.size() * 2 + 64;
    options.nestingLimit = 16;
    capnp::SegmentArrayMessageReader reader(kj::arrayPtr(segments, 1), options);
    if (!reader.isCanonical()) {
      result = absl::DataLossError("record is not in canonical form");
      return;
    }
    result = Parse(reader.getRoot<cs::Record>());
  });
  KJ_IF_MAYBE (e, error) {
    return absl::DataLossError(absl::StrCat("record does not decode: ", e->getDescription().cStr()));
  }
  // Strict: bits no field of this version reads (found by fuzzing: padding in a data word)
  // would be outside what the hash is recomputed from. A record must re-encode to exactly
  // its stored bytes, or it is corruption.
  if (result.ok() && check == DecodeCheck::kStrict) {
    const kj::Array<capnp::word> again = CanonicalWords(*result, /*with_hash=*/true);
    if (again.asBytes().size() != bytes.size() || std::memcmp(again.begin(), bytes.data(), bytes.size()) != 0)
      return absl::DataLossError("record holds bytes this version does not understand");
  }
  return result;
}

}  // namespace reskontra
