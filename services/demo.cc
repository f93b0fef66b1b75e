#include "services/demo.h"

#include <array>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "base/status_macros.h"
#include "services/ledger_service.h"

namespace reskontra {

namespace {

constexpr int kCompany = 1;

// A valid Swedish national id from its first nine digits.
std::string WithLuhn(const std::string& nine) { return absl::StrCat(nine, LuhnCheckDigit(nine)); }

// A small deterministic generator (the standard distributions differ between libraries).
struct Lcg {
  uint64_t s = 20261122;
  uint32_t Next(uint32_t n) {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>((s >> 33) % n);
  }
};

template <class Request>
Request WithCtx(const std::string& id) {
  Request r;
  r.mutable_ctx()->set_command_id(absl::StrCat("demo-", id));
  r.mutable_ctx()->set_actor("demo-loader");
  r.mutable_ctx()->set_company(kCompany);
  return r;
}

template <class Request>
absl::Status Run(LedgerCore& core, const Request& r) {
  absl::StatusOr<AppendResult> result = ExecuteRequest(core, r);
  if (!result.ok()) {
    return absl::Status(result.status().code(),
                        absl::StrCat("demo command ", r.ctx().command_id(), ": ", result.status().message()));
  }
  return absl::OkStatus();
}

struct Person {
  const char* number;
  const char* birth;  // YYMMDD
  const char* name;
  const char* street;
  const char* postal;
  const char* city;
  bool organisation;
};

constexpr std::array<Person, 12> kPeople = {{
    {"10001", "640823", "Anna Lindqvist", "Storgatan 12", "371 31", "Karlskrona", false},
    {"10002", "711104", "Erik Johansson", "Ronnebygatan 4", "371 33", "Karlskrona", false},
    {"10003", "850217", "Maria Nilsson", "Amiralitetsgatan 9", "371 30", "Karlskrona", false},
    {"10004", "920630", "Johan Berg", "Hantverkaregatan 21", "371 35", "Karlskrona", false},
    {"10005", "580912", "Karin Holm", "Vallgatan 3", "372 30", "Ronneby", false},
    {"10006", "790305", "Lars Ek", "Kungsmarksvägen 44", "371 44", "Karlskrona", false},
    {"10007", "881119", "Sofia Åberg", "Björkholmen 7", "371 32", "Karlskrona", false},
    {"10008", "670721", "Per Öhman", "Lyckeby gård 2", "371 62", "Lyckeby", false},
    {"20001", "556677", "Blekinge Bygg AB", "Industrivägen 8", "371 47", "Karlskrona", true},
    {"20002", "559012", "Sjöbodens Café AB", "Fisktorget 1", "371 34", "Karlskrona", true},
    {"20003", "802400", "Föreningen Hembygden", "Kyrkogatan 5", "371 40", "Karlskrona", true},
    {"20004", "556123", "Östersjö Fastigheter AB", "Borgmästarekajen 2", "371 34", "Karlskrona", true},
}};

struct Routine {
  int number;
  const char* line;
  int32_t vat_bp;
  int32_t account;
  int64_t min_ore;
  int64_t spread_ore;
};
constexpr std::array<Routine, 4> kRoutines = {{
    {1, "Diverse debitering: uthyrning lokal", 2500, 3041, 50000, 400000},
    {2, "Hemtjänst, månadsavgift", 0, 3012, 30000, 200000},
    {3, "Barnomsorgsavgift", 0, 3011, 50000, 120000},
    {4, "Vatten och avlopp, kvartal", 2500, 3051, 150000, 350000},
}};

// The municipality (company 1) and its details.
absl::Status RegisterDemoCompany(LedgerCore& core) {
  auto reg = WithCtx<pb::RegisterCompanyRequest>("company-1");
  reg.set_name("Exempelkommun");
  reg.set_org_number(WithLuhn("212000123"));
  RETURN_IF_ERROR(Run(core, reg));
  auto details = WithCtx<pb::SetCompanyDetailsRequest>("company-details");
  details.mutable_details()->set_street("Stadshuset, Storgatan 1");
  details.mutable_details()->set_postal_code("371 80");
  details.mutable_details()->set_city("Karlskrona");
  details.mutable_details()->set_f_skatt(true);
  details.mutable_details()->set_vat_number(absl::StrCat("SE", reg.org_number(), "01"));
  details.mutable_details()->set_email("kundreskontra@exempelkommun.se");
  details.mutable_details()->set_phone("0455-30 30 00");
  return Run(core, details);
}

// The customers of kPeople, the organisations e-invoiced.
absl::Status RegisterDemoCustomers(LedgerCore& core) {
  for (const Person& p : kPeople) {
    auto r = WithCtx<pb::RegisterCustomerRequest>(absl::StrCat("customer-", p.number));
    r.set_customer_number(p.number);
    pb::CustomerDetails* d = r.mutable_details();
    d->set_kind(p.organisation ? pb::CUSTOMER_KIND_ORGANISATION : pb::CUSTOMER_KIND_PERSON);
    d->set_national_id(WithLuhn(absl::StrCat(p.birth, p.organisation ? "123" : "238")));
    d->set_name(p.name);
    d->set_street(p.street);
    d->set_postal_code(p.postal);
    d->set_city(p.city);
    d->set_country("SE");
    if (p.organisation) {  // e-invoiced through Peppol, addressed by the organisation number
      d->set_delivery(pb::DELIVERY_CHANNEL_E_INVOICE);
      d->set_peppol_id(absl::StrCat("0007:", d->national_id()));
    }
    RETURN_IF_ERROR(Run(core, r));
  }
  return absl::OkStatus();
}

// Incoming payments: the bankgiro, limits, and the payment-method register.
absl::Status SetUpDemoPayments(LedgerCore& core) {
  auto settings = WithCtx<pb::SetPaymentSettingsRequest>("payment-settings");
  settings.set_bankgiro("9912346");
  settings.set_overpayment_limit_ore(500);
  settings.set_underpayment_limit_ore(1000);
  RETURN_IF_ERROR(Run(core, settings));
  struct MethodSpec {
    const char* code;
    const char* text;
    bool debit;
    pb::MethodSpecial special;
  };
  for (const MethodSpec& m : {MethodSpec{"1", "Kontant", false, pb::METHOD_SPECIAL_NONE},
                              MethodSpec{"2", "BG manuell", false, pb::METHOD_SPECIAL_NONE},
                              MethodSpec{"7", "Kreditering", false, pb::METHOD_SPECIAL_NONE},
                              MethodSpec{"X", "Felreg. betaln.", true, pb::METHOD_SPECIAL_NONE},
                              MethodSpec{"P", "Påminnelseavg", false, pb::METHOD_SPECIAL_REMINDER_FEE},
                              MethodSpec{"K", "Inkassoavgift", false, pb::METHOD_SPECIAL_COLLECTION_FEE},
                              MethodSpec{"D", "Dröjsmålsränta", false, pb::METHOD_SPECIAL_INTEREST}}) {
    auto r = WithCtx<pb::DefinePaymentMethodRequest>(absl::StrCat("method-", m.code));
    r.mutable_method()->set_code(m.code);
    r.mutable_method()->set_text(m.text);
    r.mutable_method()->set_debit(m.debit);
    r.mutable_method()->set_special(m.special);
    RETURN_IF_ERROR(Run(core, r));
  }
  return absl::OkStatus();
}

// The request issuing invoice `number` of routine `rt` to `p`; its main line's amount drawn.
pb::IssueInvoiceRequest DemoInvoiceRequest(const Person& p, const Routine& rt, InvoiceNumber number,
                                           Date invoice_date, Date due_date, Lcg& rng) {
  auto inv = WithCtx<pb::IssueInvoiceRequest>(absl::StrCat("invoice-", number));
  inv.set_invoice_number(number);
  inv.set_customer_number(p.number);
  inv.set_invoice_date(FormatDate(invoice_date));
  inv.set_due_date(FormatDate(due_date));
  if (p.organisation) {  // the buyer's reference an e-invoice carries
    inv.mutable_attributes()->set_buyer_reference(absl::StrCat("Ref ", p.number));
    inv.mutable_attributes()->set_department("Samhällsbyggnadsförvaltningen");
  }
  auto* line = inv.add_lines();
  line->set_description(rt.line);
  // Whole kronor for the main line, as most municipal tariffs are.
  line->set_net_ore((rt.min_ore + rng.Next(static_cast<uint32_t>(rt.spread_ore))) / 100 * 100);
  line->set_vat_rate_bp(rt.vat_bp);
  line->set_revenue_account(rt.account);
  if (rt.number == 4) {
    auto* fixed = inv.add_lines();
    fixed->set_description("Fast avgift VA");
    fixed->set_net_ore(48750);
    fixed->set_vat_rate_bp(2500);
    fixed->set_revenue_account(3052);
  }
  return inv;
}

// The invoice's total in öre: VAT once per rate, as the ledger books it.
int64_t TotalWithVat(const pb::IssueInvoiceRequest& inv) {
  std::map<int32_t, int64_t> net;
  for (const auto& l : inv.lines()) net[l.vat_rate_bp()] += l.net_ore();
  int64_t t = 0;
  for (const auto& [bp, ore] : net) t += ore + ApplyBasisPoints(Money::FromOre(ore), bp)->ore();
  return t;
}

// A demo invoice as issued: what happens to it afterwards needs these.
struct IssuedInvoice {
  const Person& customer;
  const pb::IssueInvoiceRequest& request;
  InvoiceNumber number;
  Date invoice_date;
  Date due_date;
  int64_t total;  // with VAT, in öre
};

// What happened to an issued invoice: most are paid around the due date; some not yet, some
// partly. `watched`: whether a claim is watched already (the first reminded one is).
absl::Status SettleDemoInvoice(LedgerCore& core, Date today, const IssuedInvoice& issued, Lcg& rng,
                               bool& watched) {
  const Person& p = issued.customer;
  const InvoiceNumber number = issued.number;
  const Date invoice_date = issued.invoice_date;
  const Date due_date = issued.due_date;
  const int64_t total = issued.total;
  const uint32_t fate = rng.Next(20);
  const std::string id = FormatInvoiceNumber(number);
  auto pay = [&](const std::string& suffix, int64_t ore, Date when) -> absl::Status {
    if (when > today) when = today;
    auto r = WithCtx<pb::RecordPaymentRequest>(absl::StrCat("pay-", id, suffix));
    r.set_invoice_number(number);
    r.set_amount_ore(ore);
    r.set_transaction_date(FormatDate(when));
    r.set_channel(p.organisation ? pb::PAYMENT_CHANNEL_BANKGIRO : pb::PAYMENT_CHANNEL_MANUAL);
    r.set_reference(issued.request.lines_size() > 0 ? DefaultOcrReference(number) : "");
    r.set_payer_name(p.name);
    r.set_method(p.organisation ? "2" : "1");
    return Run(core, r);
  };
  if (due_date > today && fate < 14) return absl::OkStatus();  // not yet due and not yet paid
  if (fate < 11) {
    RETURN_IF_ERROR(pay("", total, due_date - static_cast<int>(rng.Next(5))));
  } else if (fate < 13) {
    RETURN_IF_ERROR(pay("", total, due_date + 5 + static_cast<int>(rng.Next(25))));  // late
  } else if (fate == 13) {
    RETURN_IF_ERROR(pay("-1", total / 2, due_date));  // partial payment, rest open
  } else if (fate == 14) {
    RETURN_IF_ERROR(pay("", total + 10000, due_date));  // paid 100 kr too much
  } else if (fate == 15) {
    auto r = WithCtx<pb::CreditInvoiceRequest>(absl::StrCat("credit-", id));
    r.set_invoice_number(number);
    r.set_amount_ore(total / 4 / 100 * 100);
    r.set_credit_note_number(absl::StrCat("K", id));
    r.set_method("7");
    r.set_remark("Felaktigt antal timmar");
    r.set_transaction_date(FormatDate(std::min(today, invoice_date + 10)));
    RETURN_IF_ERROR(Run(core, r));
    RETURN_IF_ERROR(pay("", total - total / 4 / 100 * 100, due_date));
  } else if (fate == 16) {
    auto r = WithCtx<pb::AnnulInvoiceRequest>(absl::StrCat("annul-", id));
    r.set_invoice_number(number);
    r.set_remark("Fakturerad två gånger");
    r.set_transaction_date(FormatDate(std::min(today, invoice_date + 3)));
    RETURN_IF_ERROR(Run(core, r));
  } else if (fate == 17 && due_date + 60 <= today) {
    RETURN_IF_ERROR(pay("-1", total / 3, due_date + 10));
    auto r = WithCtx<pb::WriteOffRequest>(absl::StrCat("writeoff-", id));
    r.set_invoice_number(number);
    r.set_remark("Konstaterad kundförlust, konkurs");
    r.set_transaction_date(FormatDate(due_date + 60));
    RETURN_IF_ERROR(Run(core, r));
  } else if (fate == 18) {
    RETURN_IF_ERROR(pay("", total, due_date));
    auto r = WithCtx<pb::AdjustDebitRequest>(absl::StrCat("debit-", id));
    r.set_invoice_number(number);
    r.set_amount_ore(total / 5);
    r.set_remark("Felregistrerad inbetalning rättad");
    r.set_transaction_date(FormatDate(std::min(today, due_date + 2)));
    RETURN_IF_ERROR(Run(core, r));
  }
  if (fate == 19 && due_date + 20 <= today) {
    // Unpaid past due: a reminder fee charged, and the first such claim watched.
    auto fee = WithCtx<pb::ChargeFeeRequest>(absl::StrCat("fee-", id));
    fee.set_invoice_number(number);
    fee.set_kind(pb::CHARGE_KIND_REMINDER_FEE);
    fee.set_amount_ore(6000);
    fee.set_text("Påminnelse 1");
    fee.set_transaction_date(FormatDate(due_date + 15));
    RETURN_IF_ERROR(Run(core, fee));
    if (!watched) {
      watched = true;
      auto watch = WithCtx<pb::SetWatchTextRequest>(absl::StrCat("watch-", id));
      watch.set_invoice_number(number);
      watch.set_text("Kunden bestrider fakturan");
      RETURN_IF_ERROR(Run(core, watch));
    }
  }
  // the rest: unpaid past due
  return absl::OkStatus();
}

// Two to four invoices per customer from the last half year, each issued and then what happened
// to it, all drawn from one generator in a fixed order.
absl::Status IssueDemoInvoices(LedgerCore& core, Date today) {
  Lcg rng;
  int seq = 0;
  bool watched = false;
  for (size_t c = 0; c < kPeople.size(); ++c) {
    const Person& p = kPeople[c];
    const int invoices = 2 + static_cast<int>(rng.Next(3));
    for (int k = 0; k < invoices; ++k) {
      const Routine& rt = p.organisation ? kRoutines[(k % 2 == 0) ? 0 : 3] : kRoutines[1 + rng.Next(3)];
      ++seq;
      const InvoiceNumber number = static_cast<InvoiceNumber>(rt.number) * 10'000'000 + 1000 + seq;
      const Date invoice_date = today - (20 + static_cast<int>(rng.Next(160)));
      const Date due_date = invoice_date + 30;
      const pb::IssueInvoiceRequest inv = DemoInvoiceRequest(p, rt, number, invoice_date, due_date, rng);
      RETURN_IF_ERROR(Run(core, inv));
      const int64_t total = TotalWithVat(inv);
      RETURN_IF_ERROR(SettleDemoInvoice(
          core, today, IssuedInvoice{p, inv, number, invoice_date, due_date, total}, rng, watched));
    }
  }
  return absl::OkStatus();
}

// Kravverksamhet: the statutory fees (agreed in the contracts), reminder 1 ten days after
// the due date, inkassokrav fourteen days later, and two kravkoder. The first dunning run
// is left to the user: `reskontra dunning run --dry-run` shows what it would send.
absl::Status SetUpDemoDunning(LedgerCore& core) {
  auto policy = WithCtx<pb::SetDunningPolicyRequest>("dunning-policy");
  *policy.mutable_policy() = DemoDunningPolicy();
  RETURN_IF_ERROR(Run(core, policy));
  auto deferral_code = WithCtx<pb::DefineDunningCodeRequest>("kravkod-1");
  deferral_code.mutable_code()->set_code(1);
  deferral_code.mutable_code()->set_text("Anstånd");
  deferral_code.mutable_code()->set_no_reminder1(true);
  deferral_code.mutable_code()->set_no_reminder2(true);
  deferral_code.mutable_code()->set_no_demand(true);
  deferral_code.mutable_code()->set_no_interest_in_deferral(true);
  RETURN_IF_ERROR(Run(core, deferral_code));
  auto agency_code = WithCtx<pb::DefineDunningCodeRequest>("kravkod-9");
  agency_code.mutable_code()->set_code(9);
  agency_code.mutable_code()->set_text("Inkasso");
  for (auto set : {&pb::DunningCode::set_no_reminder1, &pb::DunningCode::set_no_reminder2,
                   &pb::DunningCode::set_no_demand, &pb::DunningCode::set_no_interest,
                   &pb::DunningCode::set_no_threat, &pb::DunningCode::set_no_residual}) {
    (agency_code.mutable_code()->*set)(true);
  }
  return Run(core, agency_code);
}

// Dröjsmålsränta: the statutory 8 percentage points from the due date, no interest under
// 100 kr or for claims paid less than 8 days late, estates exempt, förseningsersättning on
// the business customers' late claims.
absl::Status SetDemoInterestPolicy(LedgerCore& core) {
  auto interest = WithCtx<pb::SetInterestPolicyRequest>("interest-policy");
  *interest.mutable_policy() = DemoInterestPolicy();
  return Run(core, interest);
}

// A note on a customer's account.
absl::Status AddDemoNote(LedgerCore& core) {
  auto note = WithCtx<pb::AddNoteRequest>("note-10006");
  note.set_customer_number("10006");
  note.set_text("Kunden har ringt och begärt avbetalningsplan; återkommer efter löning.");
  return Run(core, note);
}

}  // namespace

absl::Status LoadDemoData(LedgerCore& core) {
  const Date today = core.Today();
  RETURN_IF_ERROR(RegisterDemoCompany(core));
  RETURN_IF_ERROR(RegisterDemoCustomers(core));
  RETURN_IF_ERROR(SetUpDemoPayments(core));
  RETURN_IF_ERROR(IssueDemoInvoices(core, today));
  RETURN_IF_ERROR(SetUpDemoDunning(core));
  RETURN_IF_ERROR(SetDemoInterestPolicy(core));
  return AddDemoNote(core);
}

// The demo company's choices; everything else is the domain's default (the server fills in
// what a policy request leaves out).
pb::DunningPolicy DemoDunningPolicy() {
  pb::DunningPolicy p;
  p.set_fees_agreed(true);  // its customers agreed to reminder and collection fees
  return p;
}

pb::InterestPolicy DemoInterestPolicy() {
  pb::InterestPolicy p;
  p.set_min_interest_kronor(100);
  p.set_min_days_late(8);
  p.set_late_compensation(true);
  return p;
}

absl::Status PreloadReferenceRates(LedgerCore& core) {
  const bool empty =
      core.projection().Read([](const LedgerState& s, uint64_t) { return s.reference_rates.empty(); });
  if (!empty) return absl::OkStatus();
  for (const ReferenceRateSet& rate : PublishedReferenceRates()) {
    pb::SetReferenceRateRequest r;
    r.mutable_ctx()->set_command_id(absl::StrCat("preload-reference-rate-", FormatDate(rate.effective)));
    r.mutable_ctx()->set_actor("reskontrad");
    r.mutable_ctx()->set_company(0);
    r.set_effective(FormatDate(rate.effective));
    r.set_rate_bp(rate.rate_bp);
    r.set_source(rate.source);
    RETURN_IF_ERROR(Run(core, r));
  }
  return absl::OkStatus();
}

}  // namespace reskontra
