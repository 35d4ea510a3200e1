"""The first version of the click-through NDA (保密协议), in Chinese and English; operators publish later versions
in the Wagtail admin."""

from django.db import migrations

BODY_ZH = """保密协议

本协议由在知识产权运营交易中心平台上就本交易项目进行洽谈的双方订立：挂牌方（以下称“披露方”）与点击“接受”的意向方所代表的机构（以下称“接收方”）。

一、保密信息。披露方在本交易洽谈室中标记为“保密”的文件及其中所载的技术资料、实验数据、工艺方法、商业信息，以及接收方由此获知的一切非公开信息，均为保密信息。

二、使用限制。接收方仅可为评估、洽谈与本项目相关的专利许可或专利转让之目的使用保密信息，不得用于其他目的，不得据此申请专利或进行反向工程。

三、保密义务。接收方应以不低于保护自身同类信息的谨慎程度保护保密信息；仅可向因上述目的确有必要知悉、并负有同等保密义务的员工和专业顾问披露；未经披露方书面同意，不得向任何第三方披露。

四、例外。下列信息不属于保密信息：接收方获知前已合法掌握的；非因接收方过错而为公众所知的；接收方从有权披露的第三方合法获得的；接收方独立开发的。依法律法规或司法、行政机关要求披露的，接收方应及时通知披露方，并仅在要求的范围内披露。

五、返还与销毁。洽谈终止或经披露方要求，接收方应返还或销毁保密信息及其复制件。

六、期限。本协议自接受之日起生效，保密义务在洽谈终止后三年内持续有效。

七、其他。本协议不构成任何许可或转让，双方之间的许可或转让以另行签署的合同为准。本协议适用中华人民共和国法律；因本协议产生的争议，双方可先请知识产权运营交易中心调解，调解不成的，提交披露方所在地有管辖权的人民法院诉讼解决。
"""

BODY_EN = """Non-Disclosure Agreement

This agreement is made between the parties negotiating this listing on the IP operation and trading centre's platform: the listing's owner (the "Disclosing Party") and the organisation represented by the person who clicks "Accept" (the "Receiving Party").

1. Confidential information. The files the Disclosing Party marks "confidential" in this deal room, the technical data, test results, processes and business information they contain, and any other non-public information the Receiving Party learns through them are Confidential Information.

2. Use. The Receiving Party uses Confidential Information only to evaluate and negotiate a licence or assignment of the patents of this listing, for no other purpose; it does not file patent applications on it or reverse-engineer it.

3. Protection. The Receiving Party protects Confidential Information with at least the care it gives its own information of the kind; it discloses it only to employees and professional advisers who need to know it for that purpose and are bound by equal obligations, and to no third party without the Disclosing Party's written consent.

4. Exceptions. Information is not Confidential Information if the Receiving Party lawfully had it before, if it becomes public through no fault of the Receiving Party, if the Receiving Party lawfully receives it from a third party entitled to disclose it, or if the Receiving Party develops it independently. Where law or an authority requires disclosure, the Receiving Party tells the Disclosing Party promptly and discloses only what is required.

5. Return. When the negotiation ends, or when the Disclosing Party asks, the Receiving Party returns or destroys the Confidential Information and its copies.

6. Term. This agreement takes effect on acceptance; the obligations of confidentiality last for three years after the negotiation ends.

7. General. This agreement grants no licence or assignment; any licence or assignment is made only by a separately signed contract. This agreement is governed by the laws of the People's Republic of China. The parties may first ask the operation centre to mediate a dispute; failing that, it goes to the competent people's court where the Disclosing Party is located.

The Chinese text prevails.
"""


def add_first_version(apps, schema_editor):
    NdaVersion = apps.get_model("deals", "NdaVersion")
    if not NdaVersion.objects.exists():
        NdaVersion.objects.create(number=1, body_zh=BODY_ZH, body_en=BODY_EN)


class Migration(migrations.Migration):
    dependencies = [("deals", "0004_attachments_nda")]

    operations = [migrations.RunPython(add_first_version, migrations.RunPython.noop)]
