"""Starter content for `setup_site`: page titles and intros, the policy news items and the listing guide.

The news items summarise CNIPA's 2016 "Guiding opinions on accelerating the building of IP-strong cities"
(国知发管字〔2016〕86号, published 2016-11-13 on gov.cn), the policy this marketplace implements.
"""

from datetime import date

POLICY_SOURCE = "国家知识产权局 · CNIPA (gov.cn)"
POLICY_URL = "https://www.gov.cn/"

HOME = {
    "title": "知识产权运营交易中心",
    "title_en": "IP Operation and Trading Centre",
    "intro": "高校、科研院所和企业在这里发布专利与专利池，中小企业发布技术需求，运营中心审核并促成许可与转让。",
    "intro_en": "Universities, research institutes and enterprises list patents and patent pools here; SMEs post "
                "technology demands; the operation centre reviews listings and helps close licences and assignments.",
}
LISTINGS = {
    "title": "专利与专利池", "title_en": "Patents and pools", "slug": "listings",
    "intro": "按 IPC 分类、交易方式、权利人类型、地区和法律状态筛选已审核发布的专利与专利池。",
    "intro_en": "Reviewed patents and patent pools, filtered by IPC class, deal type, owner kind, region and legal status.",
}
SERVICE_CATALOGUE = {
    "title": "知识产权服务超市", "title_en": "Service catalogue", "slug": "services",
    "intro": "经服务券主管部门认定的服务机构提供的专利检索、导航分析、代理申请、价值评估、质押融资咨询和培训服务，可使用知识产权服务券支付。",
    "intro_en": "Patent search, navigation analysis, drafting and filing, valuation, pledge-financing advice and "
                "training from service agencies accredited by a voucher authority, payable with IP service vouchers.",
}
ORGANISATIONS = {
    "title": "机构", "title_en": "Organisations", "slug": "organisations",
    "intro": "高校、科研院所、知识产权运营机构和企业。", "intro_en": "Universities, research institutes, IP operating agencies and enterprises.",
}
NEWS_INDEX = {
    "title": "新闻与政策", "title_en": "News and policy", "slug": "news",
    "intro": "知识产权运营相关政策解读与平台动态。", "intro_en": "Policy on IP operation, explained, and news from the platform.",
}

NEWS = [
    {
        "slug": "ip-strong-cities-guidance-2016",
        "date": date(2016, 11, 13),
        "category": "policy",
        "title": "国家知识产权局印发《关于加快建设知识产权强市的指导意见》",
        "title_en": "CNIPA issues guidance on building IP-strong cities",
        "intro": "意见提出，到2020年在长三角、珠三角、环渤海等重点区域建成20个左右知识产权引领型创新驱动发展之城，"
                 "到2030年在主要城市群全面形成知识产权强市建设格局。",
        "intro_en": "By 2020 about twenty IP-led, innovation-driven cities are to be built in the Yangtze and Pearl River "
                    "deltas, around the Bohai Sea and other key regions; by 2030 the main city clusters are to follow.",
        "body": [
            ("paragraph", "<p>2016年11月，国家知识产权局印发《关于加快建设知识产权强市的指导意见》（国知发管字〔2016〕86号），"
                          "贯彻《国务院关于新形势下加快知识产权强国建设的若干意见》，深化城市知识产权试点示范工作。</p>"),
            ("heading", "五大工程"),
            ("paragraph", "<ul><li>知识产权管理能力提升工程：推进管理体制改革，建立专利导航城市创新发展决策机制，推行知识产权服务券。</li>"
                          "<li>知识产权大保护工程：完善执法维权体系，拓宽纠纷多元解决渠道。</li>"
                          "<li>知识产权运用促进工程：完善投融资服务体系，建设城市知识产权运营交易中心。</li>"
                          "<li>知识产权质量提升工程：将资助重点转向高价值专利培育，构建高价值专利池和专利组合。</li>"
                          "<li>知识产权发展环境建设工程：人才、文化与对外合作。</li></ul>"),
            ("quote", {"text": "按照“对标国际、领跑全国、支撑区域”的要求，采取“工程式建设、体系化推进、项目式管理、责任制落实”的方式推进知识产权强市建设。",
                       "source": "《关于加快建设知识产权强市的指导意见》"}),
        ],
        "body_en": [
            ("paragraph", "<p>In November 2016 the China National Intellectual Property Administration (CNIPA) issued its "
                          "guiding opinions on accelerating the building of IP-strong cities (document 2016 No. 86), "
                          "implementing the State Council's opinions on building an IP-strong country.</p>"),
            ("heading", "Five programmes"),
            ("paragraph", "<ul><li>IP management capacity: reform of IP administration, patent navigation for city "
                          "decisions, IP service vouchers for start-ups.</li><li>Comprehensive protection: enforcement, "
                          "mediation and arbitration.</li><li>IP utilisation: IP finance and city IP operation and trading "
                          "centres.</li><li>IP quality: funding shifted to high-value patents, high-value pools and "
                          "portfolios.</li><li>Environment: talent, culture and international co-operation.</li></ul>"),
        ],
    },
    {
        "slug": "ip-operation-and-trading-centres",
        "date": date(2016, 11, 14),
        "category": "policy",
        "title": "政策解读：建设城市知识产权运营交易中心，以专利池和专利组合开展运营",
        "title_en": "Policy brief: city IP operation and trading centres, run through patent pools and portfolios",
        "intro": "指导意见第二部分第（三）项要求建设城市知识产权运营交易中心，培育以专利池、专利组合为主的运营机构，"
                 "推动高校和科研院所建立独立运行的知识产权运营机构。",
        "intro_en": "Part II(3) of the guidance asks cities to build IP operation and trading centres, to grow operating "
                    "agencies that work through patent pools and portfolios, and to let universities and institutes run "
                    "independent IP operating agencies.",
        "body": [
            ("paragraph", "<p>意见要求建设城市知识产权运营交易中心，全面对接全国知识产权运营服务体系，链接国际一流的创新主体、"
                          "服务机构和产业资本；培育若干产业特色突出、运营模式领先的知识产权运营机构，以专利池、专利组合为主开展运营。</p>"),
            ("paragraph", "<p>意见同时提出推动高等院校、科研院所建立独立运行的知识产权运营机构，促进产业创新与市场需求有机对接，"
                          "并推动设立知识产权运营专项资金和产业知识产权运营基金。</p>"),
            ("heading", "本平台如何落实"),
            ("paragraph", "<p>高校和运营机构在本平台发布专利和专利池，写明专利号、法律状态和到期日，标明转让、独占许可、排他许可或普通许可等交易方式；"
                          "企业发布技术需求；运营中心审核发布内容，撮合许可与转让。</p>"),
        ],
        "body_en": [
            ("paragraph", "<p>Cities are to build IP operation and trading centres connected to the national IP operation "
                          "service system and to leading innovators, service agencies and industrial capital, and to "
                          "grow operating agencies that work mainly through patent pools and portfolios.</p>"),
            ("paragraph", "<p>Universities and research institutes are to set up independently run IP operating agencies "
                          "that match research with market demand; special funds for IP operation are encouraged.</p>"),
            ("heading", "How this marketplace implements it"),
            ("paragraph", "<p>Universities and agencies list patents and pools with their numbers, legal status and expiry "
                          "and the deal types they offer (assignment, exclusive, sole or non-exclusive licence); SMEs post "
                          "technology demands; the operation centre reviews listings and brokers licences.</p>"),
        ],
    },
    {
        "slug": "service-vouchers-and-patent-navigation",
        "date": date(2016, 11, 15),
        "category": "policy",
        "title": "政策解读：知识产权服务券、专利导航与知识产权金融",
        "title_en": "Policy brief: IP service vouchers, patent navigation and IP finance",
        "intro": "意见提出面向创新创业主体推行知识产权服务券模式，建立以专利导航支撑行政决策的机制，并推进知识产权质押融资和专利保险。",
        "intro_en": "The guidance introduces IP service vouchers for innovators and start-ups, patent navigation to steer "
                    "policy decisions, and IP pledge financing and patent insurance.",
        "body": [
            ("paragraph", "<p><b>服务券：</b>建立知识产权促进创新创业服务机制，面向创新创业主体推行知识产权服务券模式，加大财政扶持力度。</p>"),
            ("paragraph", "<p><b>专利导航：</b>以专利数据为信息获取主体，结合市场价值和经济数据分析，厘清知识产权资源与产业资源的匹配关系，"
                          "逐步建立以专利导航支撑行政决策的创新决策机制。</p>"),
            ("paragraph", "<p><b>知识产权金融：</b>建立知识产权质押风险补偿基金等风险分担机制，加大对首贷客户、初创企业的质押融资支持，"
                          "培育和规范专利保险市场。</p>"),
        ],
        "body_en": [
            ("paragraph", "<p><b>Vouchers:</b> cities are to offer IP service vouchers to innovators and start-ups, with "
                          "more public funding.</p>"),
            ("paragraph", "<p><b>Patent navigation:</b> analysis of patent data, combined with market and economic data, "
                          "is to show how a city's IP matches its industries and to support policy decisions.</p>"),
            ("paragraph", "<p><b>IP finance:</b> risk-compensation funds for IP pledge loans, support for first-time "
                          "borrowers and start-ups, and a well-regulated patent insurance market.</p>"),
        ],
    },
]

GUIDE = {
    "slug": "how-to-list-a-patent",
    "title": "如何发布专利",
    "title_en": "How to list a patent",
    "intro": "四步把专利或专利池发布到平台：注册机构账号、创建草稿、补充资料、提交审核。",
    "intro_en": "Four steps to list a patent or a pool: register your organisation, create a draft, add material, "
                "submit it for review.",
    "body": [
        ("heading", "1. 注册机构账号"),
        ("paragraph", "<p>点击页面右上角“注册”，填写用户名、邮箱、密码和机构全称。新机构由运营中心核验；若机构已注册，您将作为成员加入。</p>"),
        ("heading", "2. 创建草稿"),
        ("paragraph", "<p>登录后进入“工作台”，点击“新建发布”。输入专利公开（公告）号选择数据库中已有的专利；若尚未收录，可填写公开号、标题、摘要、IPC 分类号和日期等核心信息。"
                      "选择交易方式（转让、独占许可、排他许可、普通许可、许可选择权），填写价格或标注“面议”，以及技术成熟度（TRL）和所属行业。</p>"),
        ("heading", "3. 补充图片和资料"),
        ("paragraph", "<p>上传产品图片（JPEG、PNG、WebP 或 GIF，每张不超过 5 MB）和 PDF 资料（每份不超过 20 MB），例如技术说明书或检测报告。请用通俗语言说明技术能为企业带来的好处。</p>"),
        ("heading", "4. 提交审核"),
        ("paragraph", "<p>在工作台点击“提交审核”。运营中心审核通过后即公开发布；如被退回，您会看到退回原因，可修改后再次提交。已发布的内容可随时撤回。</p>"),
    ],
    "body_en": [
        ("heading", "1. Register your organisation"),
        ("paragraph", "<p>Choose “Sign up” at the top right and give a username, email, password and your organisation's "
                      "full name. New organisations are verified by the operation centre; if yours is already registered "
                      "you join it as a member.</p>"),
        ("heading", "2. Create a draft"),
        ("paragraph", "<p>Open the dashboard and choose “New listing”. Enter the publication number of a patent already in "
                      "the database, or enter a new patent's core data: number, titles, abstract, IPC codes and dates. "
                      "Choose the deal types (assignment, exclusive, sole or non-exclusive licence, option), give a price "
                      "or mark it negotiable, and add the technology readiness level (TRL) and sector.</p>"),
        ("heading", "3. Add images and documents"),
        ("paragraph", "<p>Upload images (JPEG, PNG, WebP or GIF, up to 5 MB each) and PDF documents (up to 20 MB each), "
                      "such as a technical brochure or test report. Explain in plain words what the technology does for a "
                      "company.</p>"),
        ("heading", "4. Submit for review"),
        ("paragraph", "<p>Choose “Submit for review” on the dashboard. Once the operation centre approves it, the listing "
                      "is public; if it is rejected you see the reason, revise it and submit again. You can withdraw a "
                      "published listing at any time.</p>"),
    ],
}
