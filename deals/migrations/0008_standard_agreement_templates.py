"""The three standard agreement templates operators start from: the bilingual patent licence, the patent
assignment and the one-page easy-access non-exclusive licence (deals.agreement_templates explains the
placeholders). Operators edit them, or add and activate others, in the Wagtail admin."""

from django.db import migrations

LICENCE_ZH = """\
许可方（甲方）：{{ licensor.name }}
住所：{{ licensor.address }}；国籍：{{ licensor.country }}；统一社会信用代码：{{ licensor.credit_code }}

被许可方（乙方）：{{ licensee.name }}
住所：{{ licensee.address }}；国籍：{{ licensee.country }}；统一社会信用代码：{{ licensee.credit_code }}

签订日期：{{ agreement.date }}。双方经{{ centre.name }}（以下简称“运营中心”）撮合，依据《中华人民共和国民法典》《中华人民共和国专利法》及相关法规，就下列专利的实施许可达成如下协议。

# 第一条 许可专利
{{ patents_table }}
甲方保证上述专利在本合同签订时合法有效。

# 第二条 许可类型与范围
许可类型：{{ terms.deal_kind }}。
实施范围：在许可期限和地域内制造、使用、许诺销售、销售、进口许可产品或使用专利方法。
技术领域：{{ terms.field_of_use }}。
许可地域：{{ terms.territory }}。
乙方不得再许可第三方实施上述专利，本合同另有约定的除外。

# 第三条 许可期限
自 {{ terms.start_date }} 起至 {{ terms.end_date }} 止，且不超过许可专利的有效期。

# 第四条 费用及支付
入门费：{{ terms.upfront_fee }}，于本合同双方签署后通过平台支付。
提成费：{{ terms.royalty }}；最低年提成：{{ terms.minimum_annual_royalty }}。
里程碑付款：{{ terms.milestones }}。
运营中心从每笔付款中收取 {{ commission.percent }} 的平台服务费，其余款项支付给甲方。

# 第五条 报告与查账
乙方应按{{ terms.reporting_period }}通过平台提交许可产品的销售报告，并按报告支付提成费。甲方可委托会计师在正常工作时间内查阅与提成费相关的账目，每年不超过一次。

# 第六条 保密
双方对在订立和履行本合同过程中获知的对方技术信息和商业信息负有保密义务，保密期限至本合同终止后五年。

# 第七条 保证
甲方保证其为许可专利的合法权利人，有权订立本合同，且许可专利不存在妨碍本合同履行的质押、许可或其他权利负担。许可专利被宣告无效的，已支付的费用不予返还，但甲方有恶意的除外。

# 第八条 违约与终止
任何一方严重违反本合同且在收到书面通知后三十日内未予纠正的，另一方可书面通知终止本合同。乙方逾期付款超过六十日的，甲方可终止本合同。许可专利全部失效时本合同自动终止。

# 第九条 争议解决
因本合同引起的争议，双方应友好协商；协商不成的，提交运营中心调解；调解不成的，任何一方可将争议提交仲裁机构，按其仲裁规则进行仲裁，仲裁裁决是终局的。

# 第十条 备案
本合同生效之日起三个月内，甲方应向国家知识产权局办理专利实施许可合同备案，乙方予以配合。

# 第十一条 其他
本合同自双方在平台上签署之日起生效。本合同以中文和英文书就，两种文本具有同等效力；如有不一致，以中文文本为准。"""

LICENCE_EN = """\
Licensor (Party A): {{ licensor.name }}
Address: {{ licensor.address }}; nationality: {{ licensor.country }}; unified social credit code: {{ licensor.credit_code }}

Licensee (Party B): {{ licensee.name }}
Address: {{ licensee.address }}; nationality: {{ licensee.country }}; unified social credit code: {{ licensee.credit_code }}

Date: {{ agreement.date }}. Brought together by {{ centre.name }} (the "operation centre"), the parties agree, under the Civil Code and the Patent Law of the People's Republic of China, on the licence of the patents below.

# Article 1 Licensed patents
{{ patents_table }}
Party A warrants that the patents are valid and in force when this agreement is signed.

# Article 2 Type and scope of the licence
Type: {{ terms.deal_kind }}.
Scope: to make, use, offer for sale, sell and import licensed products or use the patented process within the term and the territory.
Field of use: {{ terms.field_of_use }}.
Territory: {{ terms.territory }}.
Party B may not sublicense the patents unless this agreement says otherwise.

# Article 3 Term
From {{ terms.start_date }} to {{ terms.end_date }}, never beyond the life of the licensed patents.

# Article 4 Fees and payment
Upfront fee: {{ terms.upfront_fee }}, paid through the platform once both parties have signed.
Running royalty: {{ terms.royalty }}; minimum annual royalty: {{ terms.minimum_annual_royalty }}.
Milestone payments: {{ terms.milestones }}.
The operation centre retains a platform commission of {{ commission.percent }} of every payment; Party A receives the balance.

# Article 5 Reports and audit
Party B files a report of its sales of licensed products through the platform {{ terms.reporting_period }} and pays the royalties it shows. Party A may have an accountant inspect the records relevant to royalties during business hours, at most once a year.

# Article 6 Confidentiality
Each party keeps confidential the technical and business information of the other it learns in making and performing this agreement, until five years after this agreement ends.

# Article 7 Warranties
Party A warrants that it owns the licensed patents, may enter into this agreement, and that no pledge, licence or other encumbrance prevents its performance. If a licensed patent is declared invalid, fees paid are not refunded unless Party A acted in bad faith.

# Article 8 Breach and termination
Either party may terminate this agreement by written notice if the other seriously breaches it and does not cure the breach within thirty days of written notice. Party A may terminate it if a payment is more than sixty days late. This agreement ends automatically when all licensed patents lapse.

# Article 9 Disputes
The parties first try to settle any dispute arising from this agreement amicably; failing that, it is submitted to mediation by the operation centre; if mediation fails, either party may refer it to an arbitration institution under its rules, and the award is final.

# Article 10 Recordal
Within three months of the date this agreement takes effect, Party A records it with the China National Intellectual Property Administration (CNIPA) as a patent licence contract; Party B cooperates.

# Article 11 Miscellaneous
This agreement takes effect on the day both parties have signed it on the platform. It is made in Chinese and English, both equally authentic; in case of discrepancy the Chinese text prevails."""

ASSIGNMENT_ZH = """\
转让方（甲方）：{{ licensor.name }}
住所：{{ licensor.address }}；国籍：{{ licensor.country }}；统一社会信用代码：{{ licensor.credit_code }}

受让方（乙方）：{{ licensee.name }}
住所：{{ licensee.address }}；国籍：{{ licensee.country }}；统一社会信用代码：{{ licensee.credit_code }}

签订日期：{{ agreement.date }}。双方经{{ centre.name }}（以下简称“运营中心”）撮合，就下列专利权的转让达成如下协议。

# 第一条 转让的专利
{{ patents_table }}

# 第二条 转让
甲方将上述专利权转让给乙方，自国家知识产权局登记公告之日起，乙方成为专利权人。转让生效日：{{ terms.start_date }}。

# 第三条 转让价款
转让费：{{ terms.upfront_fee }}，于本合同双方签署后通过平台支付。
里程碑付款：{{ terms.milestones }}。
运营中心从每笔付款中收取 {{ commission.percent }} 的平台服务费，其余款项支付给甲方。

# 第四条 登记
本合同生效后三个月内，甲方应向国家知识产权局办理专利权转让登记手续，乙方予以配合，登记费用由乙方承担。

# 第五条 已有许可
本合同签订前甲方已订立的专利实施许可合同继续有效，甲方应向乙方披露并将相应权利义务转由乙方承继。

# 第六条 保证
甲方保证其为上述专利的合法权利人，专利权不存在质押、保全或其他妨碍转让的权利负担。

# 第七条 保密
双方对在订立和履行本合同过程中获知的对方技术信息和商业信息负有保密义务，保密期限至本合同生效后五年。

# 第八条 违约与争议解决
任何一方违反本合同的，应赔偿对方因此遭受的损失。因本合同引起的争议，双方应友好协商；协商不成的，提交运营中心调解；调解不成的，任何一方可将争议提交仲裁机构仲裁，仲裁裁决是终局的。

# 第九条 其他
本合同自双方在平台上签署之日起生效。本合同以中文和英文书就，两种文本具有同等效力；如有不一致，以中文文本为准。"""

ASSIGNMENT_EN = """\
Assignor (Party A): {{ licensor.name }}
Address: {{ licensor.address }}; nationality: {{ licensor.country }}; unified social credit code: {{ licensor.credit_code }}

Assignee (Party B): {{ licensee.name }}
Address: {{ licensee.address }}; nationality: {{ licensee.country }}; unified social credit code: {{ licensee.credit_code }}

Date: {{ agreement.date }}. Brought together by {{ centre.name }} (the "operation centre"), the parties agree on the assignment of the patents below.

# Article 1 Assigned patents
{{ patents_table }}

# Article 2 Assignment
Party A assigns the patents to Party B, who becomes their owner from the day CNIPA registers and announces the assignment. Effective date: {{ terms.start_date }}.

# Article 3 Price
Assignment fee: {{ terms.upfront_fee }}, paid through the platform once both parties have signed.
Milestone payments: {{ terms.milestones }}.
The operation centre retains a platform commission of {{ commission.percent }} of every payment; Party A receives the balance.

# Article 4 Registration
Within three months of the date this agreement takes effect, Party A applies to CNIPA to register the assignment; Party B cooperates and bears the official fees.

# Article 5 Existing licences
Licences Party A granted before this agreement remain in force; Party A discloses them and Party B takes over its rights and obligations under them.

# Article 6 Warranties
Party A warrants that it owns the patents and that no pledge, preservation order or other encumbrance prevents their assignment.

# Article 7 Confidentiality
Each party keeps confidential the technical and business information of the other it learns in making and performing this agreement, until five years after it takes effect.

# Article 8 Breach and disputes
A party in breach compensates the other's loss. The parties first try to settle any dispute amicably; failing that, it is submitted to mediation by the operation centre; if mediation fails, either party may refer it to arbitration, and the award is final.

# Article 9 Miscellaneous
This agreement takes effect on the day both parties have signed it on the platform. It is made in Chinese and English, both equally authentic; in case of discrepancy the Chinese text prevails."""

EASY_ZH = """\
许可方：{{ licensor.name }}（{{ licensor.address }}）
被许可方：{{ licensee.name }}（{{ licensee.address }}）

被许可方接受许可方在{{ centre.name }}平台上公布的“便捷许可”固定条款，双方约定如下：

{{ patents_table }}
1. 许可类型：{{ terms.deal_kind }}；许可方可继续自行实施并许可他人实施。
2. 地域：{{ terms.territory }}；技术领域：{{ terms.field_of_use }}。
3. 期限：{{ terms.start_date }} 至 {{ terms.end_date }}。
4. 费用：入门费 {{ terms.upfront_fee }}；提成费 {{ terms.royalty }}，按{{ terms.reporting_period }}报告和支付；运营中心收取每笔付款的 {{ commission.percent }} 作为平台服务费。
5. 被许可方不得再许可；许可专利按现状提供，许可方保证其为专利权人。
6. 争议先提交运营中心调解，调解不成的提交仲裁；许可方应在三个月内向国家知识产权局办理合同备案。
7. 本合同自双方在平台上签署之日起生效；中英文本如有不一致，以中文为准。"""

EASY_EN = """\
Licensor: {{ licensor.name }} ({{ licensor.address }})
Licensee: {{ licensee.name }} ({{ licensee.address }})

The licensee accepts the fixed "easy access" terms the licensor published on the platform of {{ centre.name }}:

{{ patents_table }}
1. Type: {{ terms.deal_kind }}; the licensor may go on using the patents and licensing them to others.
2. Territory: {{ terms.territory }}; field of use: {{ terms.field_of_use }}.
3. Term: {{ terms.start_date }} to {{ terms.end_date }}.
4. Fees: upfront fee {{ terms.upfront_fee }}; running royalty {{ terms.royalty }}, reported and paid {{ terms.reporting_period }}; the operation centre retains {{ commission.percent }} of every payment as its commission.
5. No sublicences; the patents are licensed as they are, and the licensor warrants that it owns them.
6. Disputes go to mediation by the operation centre, then to arbitration; the licensor records this agreement with CNIPA within three months.
7. This agreement takes effect when both parties have signed it on the platform; the Chinese text prevails over the English."""

TEMPLATES = [
    ("licence", "专利实施许可合同", "Patent Licence Agreement", LICENCE_ZH, LICENCE_EN),
    ("assignment", "专利权转让合同", "Patent Assignment Agreement", ASSIGNMENT_ZH, ASSIGNMENT_EN),
    ("easy_access", "便捷专利普通实施许可合同", "Easy-Access Non-Exclusive Patent Licence", EASY_ZH, EASY_EN),
]


def create_templates(apps, schema_editor):
    AgreementTemplate = apps.get_model("deals", "AgreementTemplate")
    for kind, title_zh, title_en, body_zh, body_en in TEMPLATES:
        AgreementTemplate.objects.create(kind=kind, title_zh=title_zh, title_en=title_en, body_zh=body_zh,
                                         body_en=body_en, active=True)


def delete_templates(apps, schema_editor):
    apps.get_model("deals", "AgreementTemplate").objects.filter(
        title_zh__in=[title for _, title, *_ in TEMPLATES]).delete()


class Migration(migrations.Migration):
    dependencies = [("deals", "0007_agreement_templates_signatures")]

    operations = [migrations.RunPython(create_templates, delete_templates)]
