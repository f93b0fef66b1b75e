#include "projections/rows.h"

#include <algorithm>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "base/status_macros.h"
#include "journal/record.h"

namespace reskontra::rows {

namespace {

// 6: interest (reference rates, interest policy, capital moves, interest invoicing)
// 5: dunning (policies, kravkoder, runs, kravstatus per invoice, amortisation plans)
// 4: payment methods, settings policies, charges by kind, watch text, carried differences
// 3: recovered  2: payment settings, small differences, files, unmatched
// 10: four-eyes approvals (the company's policy and requests, the invoice's waiting request)
// 14: payment settings apply credit balances to new invoices; 13: an imported file's payment keys; 12:
// slutbetald on the effective axis; 11: customer rows list no invoices
constexpr uint8_t kRowFormat = 18;

void PutBe(std::string* out, uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
uint64_t GetBe(absl::string_view s, int bytes) {
  uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | static_cast<uint8_t>(s[i]);
  return v;
}

class Writer {
 public:
  Writer() { out_.push_back(static_cast<char>(kRowFormat)); }
  void U(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  void I(int64_t v) { U((static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63)); }
  void M(Money m) { I(m.ore()); }
  void D(Date d) { I(DateToDays(d)); }
  void S(absl::string_view s) {
    U(s.size());
    out_.append(s.data(), s.size());
  }
  std::string Done() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(absl::string_view in) : in_(in) {
    if (in_.empty() || static_cast<uint8_t>(in_[0]) != kRowFormat)
      ok_ = false;
    else
      in_.remove_prefix(1);
  }
  uint64_t U() {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (in_.empty()) break;
      uint8_t b = static_cast<uint8_t>(in_[0]);
      in_.remove_prefix(1);
      v |= static_cast<uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return v;
    }
    ok_ = false;
    return 0;
  }
  int64_t I() {
    uint64_t u = U();
    return static_cast<int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  Money M() { return Money::FromOre(I()); }
  Date D() {
    int64_t d = I();
    if (d < -1'000'000 || d > 1'000'000) ok_ = false;
    return DaysToDate(static_cast<int32_t>(d));
  }
  std::string S() {
    uint64_t n = U();
    if (n > in_.size()) {
      ok_ = false;
      return {};
    }
    std::string s(in_.substr(0, n));
    in_.remove_prefix(n);
    return s;
  }
  absl::Status Finish(absl::string_view what) const {
    if (!ok_ || !in_.empty())
      return absl::DataLossError(absl::StrCat("projection row ", what, " is corrupt"));
    return absl::OkStatus();
  }

 private:
  absl::string_view in_;
  bool ok_ = true;
};

// Configuration held in rows in the form of its own event (the journal's codec), so the
// two cannot drift apart.
template <class T>
void PutEvent(Writer& w, const T& body) {
  JournalRecord rec;
  rec.event.body = body;
  w.S(EncodeRecord(rec));
}
template <class T>
bool GetEvent(Reader& r, T* out) {
  absl::StatusOr<JournalRecord> rec = DecodeRecord(r.S());
  if (!rec.ok() || !std::holds_alternative<T>(rec->event.body)) return false;
  *out = std::get<T>(std::move(rec->event.body));
  return true;
}
void PutOptDate(Writer& w, const std::optional<Date>& d) {
  w.U(d.has_value());
  if (d) w.D(*d);
}
std::optional<Date> GetOptDate(Reader& r) {
  if (r.U()) return r.D();
  return std::nullopt;
}

}  // namespace

std::string CompanyKey(CompanyId c) {
  std::string k = "C";
  PutBe(&k, static_cast<uint32_t>(c), 4);
  return k;
}
std::string CustomerKey(CompanyId c, absl::string_view number) {
  std::string k = "U";
  PutBe(&k, static_cast<uint32_t>(c), 4);
  k.append(number.data(), number.size());
  return k;
}
std::string InvoiceKey(CompanyId c, InvoiceNumber n) {
  std::string k = "I";
  PutBe(&k, static_cast<uint32_t>(c), 4);
  PutBe(&k, static_cast<uint64_t>(n), 8);
  return k;
}

std::string Encode(const Company& v) {
  Writer w;
  w.I(v.id);
  w.S(v.name);
  w.S(v.org_number);
  w.U(v.payment_settings.has_value());
  if (v.payment_settings) {
    const PaymentSettingsSet& p = *v.payment_settings;
    w.S(p.bankgiro);
    w.M(p.overpayment_limit);
    w.M(p.underpayment_limit);
    w.I(p.small_difference_account);
    w.U(p.ocr_control);
    w.S(p.allocation_order);
    w.U(p.oldest_first);
    w.U(p.carry_to_next_invoice);
    w.U(p.agency_bankgiros.size());
    for (const std::string& g : p.agency_bankgiros) w.S(g);
    w.U(p.ocr_length_digit);
    w.U(p.reference_kind);
    w.S(p.currency);
    w.U(p.bank_accounts.size());
    for (const std::string& a : p.bank_accounts) w.S(a);
    w.U(p.apply_credit_to_new_invoices);
  }
  w.U(v.payment_methods.size());
  for (const auto& [code, m] : v.payment_methods) {
    w.S(m.code);
    w.S(m.text);
    w.U(m.debit);
    w.U(m.posted);
    w.U(m.no_interest);
    w.U(static_cast<uint8_t>(m.special));
    w.U(m.text_only);
    w.I(m.account);
  }
  w.I(v.version);
  w.U(v.dunning_policies.size());
  for (const auto& [routine, p] : v.dunning_policies) PutEvent(w, p);
  w.U(v.dunning_codes.size());
  for (const auto& [code, d] : v.dunning_codes) PutEvent(w, d);
  w.U(v.dunning_runs.size());
  for (const DunningRunCompleted& run : v.dunning_runs) PutEvent(w, run);
  w.U(v.interest_policy.has_value());
  if (v.interest_policy) PutEvent(w, *v.interest_policy);
  w.U(v.closes.size());
  for (const PeriodClosed& close : v.closes) PutEvent(w, close);
  w.U(v.account_plans.size());
  for (const auto& [routine, plan] : v.account_plans) PutEvent(w, plan);
  PutOptDate(w, v.archived_before);
  w.I(v.archived);
  w.U(v.posting_runs.size());
  for (const PostingRunCompleted& run : v.posting_runs) PutEvent(w, run);
  w.U(v.approval_policy.has_value());
  if (v.approval_policy) PutEvent(w, *v.approval_policy);
  w.U(v.approvals.size());
  for (const auto& [id, a] : v.approvals) {
    PutEvent(w, a.request);
    w.S(a.requested_by);
    w.I(absl::ToUnixMicros(a.requested_at));
    w.U(a.decision.has_value());
    if (a.decision) PutEvent(w, *a.decision);
    w.S(a.decided_by);
    w.I(absl::ToUnixMicros(a.decided_at));
  }
  w.U(v.letter_texts.size());
  for (const auto& [key, text] : v.letter_texts) PutEvent(w, text);
  w.U(v.details.has_value());
  if (v.details) PutEvent(w, *v.details);
  return w.Done();
}

std::string ArchivedInvoiceKey(CompanyId c, InvoiceNumber n) {
  std::string k = InvoiceKey(c, n);
  k[0] = 'A';
  return k;
}

std::string EncodeArchived(Date paid_before, const Invoice& v) {
  std::string out;
  PutBe(&out, static_cast<uint32_t>(DateToDays(paid_before)), 4);
  out += Encode(v);
  return out;
}

absl::StatusOr<ArchivedInvoice> DecodeArchived(absl::string_view key, absl::string_view value) {
  if (key.size() != 13 || key[0] != 'A' || value.size() < 4)
    return absl::DataLossError("archived invoice row is corrupt");
  const Date paid_before = DaysToDate(static_cast<int32_t>(static_cast<uint32_t>(GetBe(value, 4))));
  std::string invoice_key(key);
  invoice_key[0] = 'I';
  LedgerState one;
  RETURN_IF_ERROR(DecodeInto(invoice_key, value.substr(4), one));
  if (one.invoices.size() != 1) return absl::DataLossError("archived invoice row is corrupt");
  return ArchivedInvoice{paid_before, std::move(one.invoices.begin()->second)};
}

std::vector<std::pair<std::string, std::string>> ArchiveRowsOf(const LedgerState& before, const Event& e) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto* archived = std::get_if<InvoicesArchived>(&e.body);
  if (archived == nullptr) return out;
  for (InvoiceNumber n : archived->invoices) {
    if (const Invoice* inv = before.FindInvoice(e.meta.company, n))
      out.emplace_back(ArchivedInvoiceKey(e.meta.company, n), EncodeArchived(archived->paid_before, *inv));
  }
  return out;
}

std::string FileKey(CompanyId c, absl::string_view fingerprint) {
  std::string k = "F";
  PutBe(&k, static_cast<uint32_t>(c), 4);
  k.append(fingerprint.data(), fingerprint.size());
  return k;
}
std::string UnmatchedKey(CompanyId c, absl::string_view payment_id) {
  std::string k = "Q";
  PutBe(&k, static_cast<uint32_t>(c), 4);
  k.append(payment_id.data(), payment_id.size());
  return k;
}

std::string PaymentKey(CompanyId c, absl::string_view payment_id) {
  std::string k = "P";
  PutBe(&k, static_cast<uint32_t>(c), 4);
  k.append(payment_id.data(), payment_id.size());
  return k;
}

std::string Encode(const PaymentRecord& v) {
  Writer w;
  w.I(v.company);
  w.S(v.payment_id);
  w.M(v.amount);
  w.D(v.date);
  w.U(v.parts.size());
  for (const ReversedPart& p : v.parts) {
    w.I(p.invoice_number);
    for (Money m : {p.fees, p.interest, p.capital, p.small_difference, p.recovered, p.carried}) w.M(m);
  }
  w.S(v.overpayment_customer);
  w.M(v.overpayment);
  w.M(v.carried_overpayment);
  w.I(v.carried_epoch);
  w.U(v.reversed);
  w.U(v.no_interest);
  return w.Done();
}

std::string Encode(const absl::btree_map<Date, ReferenceRateSet>& rates) {
  Writer w;
  w.U(rates.size());
  for (const auto& [date, rate] : rates) PutEvent(w, rate);
  return w.Done();
}

std::string Encode(const ImportedFile& v) {
  Writer w;
  w.I(v.company);
  w.S(v.fingerprint);
  w.S(v.bankgiro);
  w.U(v.deposits.size());
  for (const ImportedDeposit& d : v.deposits) {
    w.D(d.payment_date);
    w.I(d.serial);
  }
  w.U(v.payment_keys.size());
  for (const std::string& k : v.payment_keys) w.S(k);
  w.U(v.source_ids.size());
  for (size_t i = 0; i < v.source_ids.size(); ++i) {
    w.S(v.source_ids[i]);
    w.I(i < v.numbers.size() ? v.numbers[i] : 0);
  }
  return w.Done();
}

std::string Encode(const UnmatchedPayment& v) {
  Writer w;
  w.I(v.company);
  w.S(v.payment_id);
  w.M(v.amount);
  w.S(v.reference);
  w.S(v.payer_name);
  w.S(v.reason);
  w.D(v.date);
  return w.Done();
}

std::string Encode(const Customer& v) {
  Writer w;
  w.I(v.company);
  w.S(v.number);
  const CustomerDetails& d = v.details;
  w.U(static_cast<uint8_t>(d.kind));
  w.S(d.national_id);
  w.S(d.name);
  w.S(d.street);
  w.S(d.postal_code);
  w.S(d.city);
  w.S(d.country);
  w.S(d.email);
  w.U(static_cast<uint8_t>(d.delivery));
  w.M(v.credit_balance);
  w.M(v.carried);
  w.I(v.carried_applications);
  w.I(v.version);
  w.I(v.notes);
  w.U(v.plans.size());
  for (const AmortizationPlan& p : v.plans) {
    PutEvent(w, p.plan);
    w.D(p.established);
    w.U(p.active);
    w.U(static_cast<uint8_t>(p.end));
    PutOptDate(w, p.ended);
  }
  w.S(d.peppol_id);
  return w.Done();
}

std::string Encode(const Invoice& v) {
  Writer w;
  w.I(v.company);
  w.I(v.number);
  w.S(v.customer_number);
  w.I(v.routine);
  w.D(v.invoice_date);
  w.D(v.due_date);
  w.S(v.ocr_reference);
  for (Money m : {v.capital, v.fees, v.interest, v.debit_adjusted, v.paid_fees, v.paid_interest,
                  v.paid_capital, v.credited, v.annulled, v.written_off}) {
    w.M(m);
  }
  w.U(static_cast<uint8_t>(v.status));
  w.U(v.slutbetald.has_value());
  if (v.slutbetald) w.D(*v.slutbetald);
  w.I(v.version);
  w.I(v.notes);
  w.M(v.small_differences);
  w.M(v.recovered);
  for (Money m :
       {v.reminder_fees, v.collection_fees, v.reminder_fees_reversed, v.collection_fees_reversed,
        v.fees_reversed, v.interest_reversed, v.fees_noted, v.carried_in, v.carried_out, v.settled_out}) {
    w.M(m);
  }
  w.S(v.watch_text);
  const DunningInfo& d = *v.dunning;
  for (int i = 1; i < kDunningSteps; ++i) {
    PutOptDate(w, d.step_dates[i]);
    w.M(d.step_fees[i]);
    w.U(d.fee_charged[i]);
  }
  w.U(d.letters.size());
  for (Date l : d.letters) w.D(l);
  w.U(d.code);
  PutOptDate(w, d.code_until);
  PutOptDate(w, d.deferral_until);
  w.S(d.plan_id);
  PutOptDate(w, d.payment_order_date);
  w.S(d.payment_order_id);
  PutOptDate(w, d.collection_date);
  w.S(d.agency);
  w.U(v.capital_moves.size());
  for (const CapitalMove& m : v.capital_moves) {
    w.D(m.date);
    w.M(m.amount);
    w.U(m.exempt);
  }
  w.U(v.moves.size());
  for (const SaldoMove& m : v.moves) {
    w.D(m.date);
    w.M(m.invoiced);
    w.M(m.charged);
    w.M(m.paid);
  }
  w.U(v.is_interest_invoice);
  w.I(v.interest_settled_by);
  w.U(v.interest_transferred);
  w.M(v.interest_invoiced);
  PutOptDate(w, v.interest_invoiced_on);
  w.M(v.interest_paid_recorded);
  w.M(v.late_compensation);
  w.I(v.pending_approval);
  const InvoiceAttributes& a = v.attributes;
  for (const std::string* t : {&a.department, &a.handler, &a.subject, &a.buyer_reference, &a.order_reference,
                               &a.billing_system, &a.source_id, &a.peppol_id})
    w.S(*t);
  w.U(static_cast<uint8_t>(a.delivery));
  PutOptDate(w, v.einvoiced);
  return w.Done();
}

// Long by design (issue 22): one flat switch arm per row kind, reading the fields in the order its
// encoder above writes them.
absl::Status DecodeInto(absl::string_view key, absl::string_view value, LedgerState& state,
                        ClaimLists lists) {
  if (key.empty()) return absl::DataLossError("empty projection key");
  Reader r(value);
  switch (key[0]) {
    case 'C': {
      Company v;
      v.id = static_cast<CompanyId>(r.I());
      v.name = r.S();
      v.org_number = r.S();
      if (r.U()) {
        PaymentSettingsSet p;
        p.bankgiro = r.S();
        p.overpayment_limit = r.M();
        p.underpayment_limit = r.M();
        p.small_difference_account = static_cast<int32_t>(r.I());
        p.ocr_control = static_cast<uint8_t>(r.U());
        p.allocation_order = r.S();
        p.oldest_first = r.U() != 0;
        p.carry_to_next_invoice = r.U() != 0;
        uint64_t giros = r.U();
        if (giros > value.size()) return absl::DataLossError("company row is corrupt");
        for (uint64_t i = 0; i < giros; ++i) p.agency_bankgiros.push_back(r.S());
        p.ocr_length_digit = r.U() != 0;
        p.reference_kind = static_cast<uint8_t>(r.U());
        p.currency = r.S();
        uint64_t accounts = r.U();
        if (accounts > value.size()) return absl::DataLossError("company row is corrupt");
        for (uint64_t i = 0; i < accounts; ++i) p.bank_accounts.push_back(r.S());
        p.apply_credit_to_new_invoices = r.U() != 0;
        v.payment_settings = std::move(p);
      }
      uint64_t methods = r.U();
      if (methods > value.size()) return absl::DataLossError("company row is corrupt");
      for (uint64_t i = 0; i < methods; ++i) {
        PaymentMethodDefined m;
        m.code = r.S();
        m.text = r.S();
        m.debit = r.U() != 0;
        m.posted = r.U() != 0;
        m.no_interest = r.U() != 0;
        uint64_t special = r.U();
        if (special > 3) return absl::DataLossError("company row has an unknown method kind");
        m.special = static_cast<MethodSpecial>(special);
        m.text_only = r.U() != 0;
        m.account = static_cast<int32_t>(r.I());
        v.payment_methods[m.code] = std::move(m);
      }
      v.version = r.I();
      const absl::Status corrupt = absl::DataLossError("company row has a corrupt dunning part");
      uint64_t n = r.U();
      if (n > value.size()) return corrupt;
      for (uint64_t i = 0; i < n; ++i) {
        DunningPolicySet p;
        if (!GetEvent(r, &p)) return corrupt;
        v.dunning_policies[p.routine] = std::move(p);
      }
      n = r.U();
      if (n > value.size()) return corrupt;
      for (uint64_t i = 0; i < n; ++i) {
        DunningCodeDefined d;
        if (!GetEvent(r, &d)) return corrupt;
        v.dunning_codes[d.code] = std::move(d);
      }
      n = r.U();
      if (n > value.size()) return corrupt;
      for (uint64_t i = 0; i < n; ++i) {
        DunningRunCompleted run;
        if (!GetEvent(r, &run)) return corrupt;
        v.dunning_runs.push_back(std::move(run));
      }
      if (r.U()) {
        InterestPolicySet p;
        if (!GetEvent(r, &p)) return absl::DataLossError("company row has a corrupt interest policy");
        v.interest_policy = std::move(p);
      }
      n = r.U();
      if (n > value.size()) return corrupt;
      for (uint64_t i = 0; i < n; ++i) {
        PeriodClosed close;
        if (!GetEvent(r, &close)) return corrupt;
        v.closes.push_back(std::move(close));
      }
      n = r.U();
      if (n > value.size()) return corrupt;
      for (uint64_t i = 0; i < n; ++i) {
        AccountPlanSet plan;
        if (!GetEvent(r, &plan)) return corrupt;
        v.account_plans[plan.routine] = plan;
      }
      v.archived_before = GetOptDate(r);
      v.archived = r.I();
      n = r.U();
      if (n > value.size()) return corrupt;
      for (uint64_t i = 0; i < n; ++i) {
        PostingRunCompleted run;
        if (!GetEvent(r, &run)) return corrupt;
        v.posting_runs.push_back(std::move(run));
      }
      if (r.U()) {
        ApprovalPolicySet p;
        if (!GetEvent(r, &p)) return corrupt;
        v.approval_policy = p;
      }
      n = r.U();
      if (n > value.size()) return corrupt;
      for (uint64_t i = 0; i < n; ++i) {
        Approval a;
        if (!GetEvent(r, &a.request)) return corrupt;
        a.requested_by = r.S();
        a.requested_at = absl::FromUnixMicros(r.I());
        if (r.U()) {
          ApprovalDecided d;
          if (!GetEvent(r, &d)) return corrupt;
          a.decision = std::move(d);
        }
        a.decided_by = r.S();
        a.decided_at = absl::FromUnixMicros(r.I());
        const int64_t id = a.request.request_id;
        v.approvals[id] = std::move(a);
      }
      n = r.U();
      if (n > value.size()) return corrupt;
      for (uint64_t i = 0; i < n; ++i) {
        LetterTextSet text;
        if (!GetEvent(r, &text)) return corrupt;
        const std::pair<LetterTextKind, int32_t> text_key{text.kind, text.number};
        v.letter_texts[text_key] = std::move(text);
      }
      if (r.U()) {
        CompanyDetailsSet details;
        if (!GetEvent(r, &details)) return corrupt;
        v.details = std::move(details);
      }
      RETURN_IF_ERROR(r.Finish("company"));
      if (key != CompanyKey(v.id)) return absl::DataLossError("company row under the wrong key");
      state.companies[v.id] = std::move(v);
      return absl::OkStatus();
    }
    case 'U': {
      Customer v;
      v.company = static_cast<CompanyId>(r.I());
      v.number = r.S();
      CustomerDetails& d = v.details;
      uint64_t kind = r.U();
      d.national_id = r.S();
      d.name = r.S();
      d.street = r.S();
      d.postal_code = r.S();
      d.city = r.S();
      d.country = r.S();
      d.email = r.S();
      uint64_t delivery = r.U();
      if (kind > 2 || delivery > 2) return absl::DataLossError("customer row has an unknown enum");
      d.kind = static_cast<CustomerKind>(kind);
      d.delivery = static_cast<DeliveryChannel>(delivery);
      v.credit_balance = r.M();
      v.carried = r.M();
      v.carried_applications = r.I();
      v.version = r.I();
      v.notes = r.I();
      uint64_t plans = r.U();
      if (plans > value.size()) return absl::DataLossError("customer row is corrupt");
      for (uint64_t i = 0; i < plans; ++i) {
        AmortizationPlan p;
        if (!GetEvent(r, &p.plan)) return absl::DataLossError("customer row has a corrupt plan");
        p.established = r.D();
        p.active = r.U() != 0;
        uint64_t end = r.U();
        if (end > 2) return absl::DataLossError("customer row has an unknown plan end");
        p.end = static_cast<PlanEnd>(end);
        p.ended = GetOptDate(r);
        v.plans.push_back(std::move(p));
      }
      d.peppol_id = r.S();
      RETURN_IF_ERROR(r.Finish("customer"));
      if (key != CustomerKey(v.company, v.number))
        return absl::DataLossError("customer row under the wrong key");
      // Its invoices come from the invoice rows (which sort before it): keep what they listed.
      Customer& slot = state.customers[CompanyCustomerKey{v.company, v.number}];
      v.invoices = std::move(slot.invoices);
      slot = std::move(v);
      return absl::OkStatus();
    }
    case 'I': {
      Invoice v;
      v.company = static_cast<CompanyId>(r.I());
      v.number = r.I();
      v.customer_number = r.S();
      v.routine = static_cast<int32_t>(r.I());
      v.invoice_date = r.D();
      v.due_date = r.D();
      v.ocr_reference = r.S();
      for (Money* m : {&v.capital, &v.fees, &v.interest, &v.debit_adjusted, &v.paid_fees, &v.paid_interest,
                       &v.paid_capital, &v.credited, &v.annulled, &v.written_off}) {
        *m = r.M();
      }
      uint64_t status = r.U();
      if (status > 4) return absl::DataLossError("invoice row has an unknown status");
      v.status = static_cast<InvoiceStatus>(status);
      if (r.U()) v.slutbetald = r.D();
      v.version = r.I();
      v.notes = r.I();
      v.small_differences = r.M();
      v.recovered = r.M();
      for (Money* m : {&v.reminder_fees, &v.collection_fees, &v.reminder_fees_reversed,
                       &v.collection_fees_reversed, &v.fees_reversed, &v.interest_reversed, &v.fees_noted,
                       &v.carried_in, &v.carried_out, &v.settled_out}) {
        *m = r.M();
      }
      v.watch_text = r.S();
      DunningInfo d;
      for (int i = 1; i < kDunningSteps; ++i) {
        d.step_dates[i] = GetOptDate(r);
        d.step_fees[i] = r.M();
        d.fee_charged[i] = r.U() != 0;
      }
      uint64_t letters = r.U();
      if (letters > value.size()) return absl::DataLossError("invoice row is corrupt");
      for (uint64_t i = 0; i < letters; ++i) d.letters.push_back(r.D());
      d.code = static_cast<uint8_t>(r.U());
      d.code_until = GetOptDate(r);
      d.deferral_until = GetOptDate(r);
      d.plan_id = r.S();
      d.payment_order_date = GetOptDate(r);
      d.payment_order_id = r.S();
      d.collection_date = GetOptDate(r);
      d.agency = r.S();
      v.dunning.set(std::move(d));  // kept on the heap only when the claim has a kravstatus
      uint64_t moves = r.U();
      if (moves > value.size()) return absl::DataLossError("invoice row is corrupt");
      for (uint64_t i = 0; i < moves; ++i) {
        CapitalMove m;
        m.date = r.D();
        m.amount = r.M();
        m.exempt = r.U() != 0;
        v.capital_moves.push_back(m);
      }
      const uint64_t saldo_moves = r.U();
      if (saldo_moves > value.size()) return absl::DataLossError("invoice row is corrupt");
      for (uint64_t i = 0; i < saldo_moves; ++i) {
        SaldoMove m;
        m.date = r.D();
        m.invoiced = r.M();
        m.charged = r.M();
        m.paid = r.M();
        v.moves.push_back(m);
      }
      v.is_interest_invoice = r.U() != 0;
      v.interest_settled_by = r.I();
      v.interest_transferred = r.U() != 0;
      v.interest_invoiced = r.M();
      v.interest_invoiced_on = GetOptDate(r);
      v.interest_paid_recorded = r.M();
      v.late_compensation = r.M();
      v.pending_approval = r.I();
      InvoiceAttributes& a = v.attributes;
      for (std::string* t : {&a.department, &a.handler, &a.subject, &a.buyer_reference, &a.order_reference,
                             &a.billing_system, &a.source_id, &a.peppol_id})
        *t = r.S();
      const uint64_t channel = r.U();
      if (channel > 2) return absl::DataLossError("invoice row has an unknown delivery channel");
      a.delivery = static_cast<DeliveryChannel>(channel);
      v.einvoiced = GetOptDate(r);
      RETURN_IF_ERROR(r.Finish("invoice"));
      if (key != InvoiceKey(v.company, v.number))
        return absl::DataLossError("invoice row under the wrong key");
      state.ocr_index[std::make_pair(v.company, v.ocr_reference)] = v.number;
      const CompanyInvoiceKey k{v.company, v.number};
      if (auto old = state.invoices.find(k); old != state.invoices.end())
        state.CountInTotals(old->second, -1);
      // The customer's list of claims is derived from these rows. An invoice row sorts before
      // its customer's row: an entry without a number is a customer still to come, and one
      // that never comes is refused when the projection has loaded (CheckCustomersLoaded).
      if (lists == ClaimLists::kAsRowsCome)
        state.customers[CompanyCustomerKey{v.company, v.customer_number}].AddInvoice(v.number);
      Invoice& stored = state.invoices[k] = std::move(v);
      state.CountInTotals(stored, +1);  // customer_totals is derived, like ocr_index
      return absl::OkStatus();
    }
    case 'A': {  // the archive: only the index and the OCR reference stay in memory
      ASSIGN_OR_RETURN(ArchivedInvoice a, DecodeArchived(key, value));
      state.ocr_index[std::make_pair(a.invoice.company, a.invoice.ocr_reference)] = a.invoice.number;
      state.archived[CompanyInvoiceKey{a.invoice.company, a.invoice.number}] = a.paid_before;
      return absl::OkStatus();
    }
    case 'F': {
      ImportedFile v;
      v.company = static_cast<CompanyId>(r.I());
      v.fingerprint = r.S();
      v.bankgiro = r.S();
      uint64_t n = r.U();
      if (n > value.size()) return absl::DataLossError("file row is corrupt");
      for (uint64_t i = 0; i < n; ++i) {
        ImportedDeposit d;
        d.payment_date = r.D();
        d.serial = static_cast<int32_t>(r.I());
        v.deposits.push_back(d);
      }
      const uint64_t keys = r.U();
      if (keys > value.size()) return absl::DataLossError("file row is corrupt");
      for (uint64_t i = 0; i < keys; ++i) v.payment_keys.push_back(r.S());
      const uint64_t sources = r.U();
      if (sources > value.size()) return absl::DataLossError("file row is corrupt");
      for (uint64_t i = 0; i < sources; ++i) {
        v.source_ids.push_back(r.S());
        v.numbers.push_back(r.I());
      }
      RETURN_IF_ERROR(r.Finish("imported file"));
      if (key != FileKey(v.company, v.fingerprint))
        return absl::DataLossError("file row under the wrong key");
      state.AddImportedFile(std::move(v));
      return absl::OkStatus();
    }
    case 'P': {
      PaymentRecord v;
      v.company = static_cast<CompanyId>(r.I());
      v.payment_id = r.S();
      v.amount = r.M();
      v.date = r.D();
      uint64_t n = r.U();
      if (n > value.size()) return absl::DataLossError("payment row is corrupt");
      for (uint64_t i = 0; i < n; ++i) {
        ReversedPart p;
        p.invoice_number = r.I();
        for (Money* m : {&p.fees, &p.interest, &p.capital, &p.small_difference, &p.recovered, &p.carried})
          *m = r.M();
        v.parts.push_back(p);
      }
      v.overpayment_customer = r.S();
      v.overpayment = r.M();
      v.carried_overpayment = r.M();
      v.carried_epoch = r.I();
      v.reversed = r.U() != 0;
      v.no_interest = r.U() != 0;
      RETURN_IF_ERROR(r.Finish("payment"));
      if (key != PaymentKey(v.company, v.payment_id))
        return absl::DataLossError("payment row under the wrong key");
      state.payments[CompanyCustomerKey{v.company, v.payment_id}] = std::move(v);
      return absl::OkStatus();
    }
    case 'R': {
      if (key != kReferenceRatesKey) return absl::DataLossError("reference rates under the wrong key");
      uint64_t n = r.U();
      if (n > value.size()) return absl::DataLossError("reference-rate row is corrupt");
      for (uint64_t i = 0; i < n; ++i) {
        ReferenceRateSet rate;
        if (!GetEvent(r, &rate)) return absl::DataLossError("reference-rate row is corrupt");
        state.reference_rates[rate.effective] = std::move(rate);
      }
      return r.Finish("reference rates");
    }
    case 'Q': {
      UnmatchedPayment v;
      v.company = static_cast<CompanyId>(r.I());
      v.payment_id = r.S();
      v.amount = r.M();
      v.reference = r.S();
      v.payer_name = r.S();
      v.reason = r.S();
      v.date = r.D();
      RETURN_IF_ERROR(r.Finish("unmatched payment"));
      if (key != UnmatchedKey(v.company, v.payment_id))
        return absl::DataLossError("unmatched row under the wrong key");
      state.unmatched[CompanyCustomerKey{v.company, v.payment_id}] = std::move(v);
      return absl::OkStatus();
    }
  }
  return absl::DataLossError(absl::StrCat("unknown projection row tag '", key.substr(0, 1), "'"));
}

std::vector<std::pair<std::string, std::string>> AllRows(const LedgerState& state) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [id, c] : state.companies) out.emplace_back(CompanyKey(id), Encode(c));
  for (const auto& [k, c] : state.customers) out.emplace_back(CustomerKey(k.company, k.number), Encode(c));
  for (const auto& [k, i] : state.invoices) out.emplace_back(InvoiceKey(k.company, k.number), Encode(i));
  for (const auto& [k, f] : state.imported_files) out.emplace_back(FileKey(k.first, k.second), Encode(f));
  for (const auto& [k, u] : state.unmatched) out.emplace_back(UnmatchedKey(k.company, k.number), Encode(u));
  for (const auto& [k, p] : state.payments) out.emplace_back(PaymentKey(k.company, k.number), Encode(p));
  if (!state.reference_rates.empty()) out.emplace_back(kReferenceRatesKey, Encode(state.reference_rates));
  std::sort(out.begin(), out.end());
  return out;
}

std::string EncodeCheckpoint(uint64_t position) {
  std::string v(1, static_cast<char>(kRowFormat));
  PutBe(&v, position, 8);
  return v;
}
absl::StatusOr<Checkpoint> DecodeCheckpoint(absl::string_view value) {
  if (value.size() == 8) return Checkpoint{1, GetBe(value, 8)};  // format 1 had no format byte
  if (value.size() != 9) return absl::DataLossError("projection checkpoint is not 9 bytes");
  return Checkpoint{static_cast<uint8_t>(value[0]), GetBe(value.substr(1), 8)};
}
bool CurrentFormat(const Checkpoint& c) { return c.format == kRowFormat; }

void LinkClaimsToCustomers(LedgerState& state) {
  struct Claim {
    CompanyId company;
    absl::string_view customer;  // into state.invoices, which does not change here
    InvoiceNumber number;
  };
  std::vector<Claim> claims;
  claims.reserve(state.invoices.size());
  for (const auto& [key, inv] : state.invoices)
    claims.push_back({key.company, inv.customer_number, key.number});
  std::sort(claims.begin(), claims.end(), [](const Claim& a, const Claim& b) {
    return std::tie(a.company, a.customer, a.number) < std::tie(b.company, b.customer, b.number);
  });
  const CompanyCustomerOrder order;
  auto it = state.customers.begin();
  for (size_t i = 0; i < claims.size();) {
    const CompanyCustomerRef ref{claims[i].company, claims[i].customer};
    while (it != state.customers.end() && order(it->first, ref) < 0) ++it;
    if (it == state.customers.end() || order(it->first, ref) != 0)
      it = state.customers.emplace_hint(it, CompanyCustomerKey{ref.company, std::string(ref.number)},
                                        Customer{});
    std::vector<InvoiceNumber>& list = it->second.invoices;
    for (; i < claims.size() && claims[i].company == ref.company && claims[i].customer == ref.number; ++i)
      if (list.empty() || list.back() < claims[i].number) {
        list.push_back(claims[i].number);
      } else {
        it->second.AddInvoice(claims[i].number);
      }
  }
}

absl::Status CheckCustomersLoaded(const LedgerState& state) {
  for (const auto& [key, customer] : state.customers)
    if (customer.number != key.number || customer.company != key.company)
      return absl::DataLossError(absl::StrCat("invoice rows name customer ", key.number, " of company ",
                                              key.company, ", which has no row"));
  return absl::OkStatus();
}

}  // namespace reskontra::rows
