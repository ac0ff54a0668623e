"""The words UN documents print around their body, one entry per official language.

Everything language-specific that the layout rules (:mod:`corpus.layout`) look for lives
here and nowhere else: the organisation's name in the banner, the principal organs and
the bodies that issue documents, "session", the agenda-item line, the table-of-contents
heading and its column header ("Paragraphs Page"), the masthead words ("Distr.",
"Original:") and month names for the date. The rules themselves are the same in every
language. Patterns are regular-expression sources, matched case-insensitively.

Example::

    >>> WORDS["fr"].contents
    ('Table des matières',)
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LANGUAGE_NAMES", "WORDS", "LayoutWords", "all_languages"]

_ITEM = r"([0-9]+(?:\s*\(?[^\W\d_]\))?)"
"""An agenda item's number with its letter as each language prints it: ``12 (b)``, ``12 b)``, ``12 (ب)``."""


def _more_items(conjunction: str) -> str:
    """The items after the first of an agenda line that names several (``Items 138 and 139``, ``Points 3, 4 et
    5``), not captured: the first is the document's agenda item."""
    return rf"(?:\s*(?:,|{conjunction})\s*[0-9]+(?:\s*\(?[^\W\d_]\))?)*"


_MORE_ITEMS_EN = _more_items("and")
_ROMAN = r"(?-i:[IVXL]{1,7})"
"""An article numbered in capital Roman numerals (``Article XVII``: the Outer Space Treaty, the Genocide
Convention), never in lower case (``Article vi``)."""
_ROMAN_RU = r"(?-i:[IVXLІХ]{1,7})"
"""Roman numerals in a Russian text, which may set I and X in Cyrillic (``Статья ХХ``: ST/SPACE/61/Rev.3)."""


@dataclass(frozen=True)
class LayoutWords:
    """What one language prints in a UN document's header block and table of contents."""

    organisation: tuple[str, ...]
    """The banner: ``United Nations``, ``Nations Unies``…"""
    bodies: tuple[str, ...]
    """Principal organs, subsidiary bodies, the human rights treaties and their committees (a treaty body's banner
    names its treaty: ``International Covenant on Civil and Political Rights``), longest first."""
    session: str
    """A session line: ``Fourteenth session``, ``Quatorzième session``."""
    agenda: str
    """An agenda line with the item number as the first group that matched."""
    contents: tuple[str, ...]
    """The table-of-contents heading (``Contents``)."""
    columns: str
    """The table-of-contents column header (``Paragraphs Page``)."""
    masthead: str
    """Masthead lines: ``Distr.: General``, ``Original: English``, language lines."""
    months: tuple[str, ...]
    """Month names (and the forms dates use), January first; an entry may list variants with ``|``."""
    date: str
    """A date with groups ``day``, ``month`` and ``year``."""
    article: str
    """An article heading of an instrument (``Article 5``, ``Regulation 5``, ``Правило 5``) with the number as
    the group ``num`` (and, where the language runs the article's title on after it, the title as ``title``)."""
    division: str
    """The heading of a part or chapter of an instrument, numbered, alone or with its title (``Chapter IV: The
    General Assembly``, ``PART III``, ``第四章：大会``, ``الفصل الرابع: الجمعية العامة``): its articles' section."""
    annex: str
    """The heading of an annex (``Annex``, ``ANNEXE``, ``Anexo II``): the document's own numbered
    paragraphs end there (an annexed agreement numbers its own)."""
    adoption: str
    """A note under an instrument's title saying which resolution adopted it (not part of the title)."""
    openers: tuple[str, ...]
    """Headings that open the body, so end the title block; the first is the preamble's (``Preamble``)."""
    conjunctions: tuple[str, ...] = ()
    """Words a line of running text may end with before it goes on (``and``, ``et``): a header line
    ending so (or with a comma) is a sentence or a list, not a title line."""
    numbered: str = ""
    """How the language numbers a paragraph when not ``1.`` (groups ``num`` and ``text``): Arabic UN
    documents print ``١ - يعتمد …``."""
    draft: str = ""
    """What a draft is called after its sponsors (``Iraq:* draft resolution``): the sponsor line ends with it."""
    byline: str = ""
    """A title line that only says whose report or note the document is (``Report of the Secretary-General``,
    ``Note by the secretariat``): a title that is nothing more reads with its agenda item's."""
    meeting: str = ""
    """The line of a meeting record that names the meeting (``64th plenary meeting``): its date and place,
    printed under it, belong to its title."""
    officer: str = ""
    """A line naming an officer (``President: Mr. …``, ``Rapporteur: Ms. …``): never part of the title."""
    parties: str = ""
    """A treaty's parties, the subject its preamble opens with (``The States Parties to this Agreement,``), as
    a body's name opens a resolution's."""


_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

# The human rights treaties and their committees, whose documents (CCPR/C/…, CEDAW/C/…) print the treaty's name
# as their banner where others print an organ's, longest first.
_TREATY_BODIES_EN = (
    "International Convention on the Protection of the Rights of All Migrant Workers and Members of Their Families",
    "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment",
    "International Convention for the Protection of All Persons from Enforced Disappearance",
    "International Convention on the Elimination of All Forms of Racial Discrimination",
    "Convention on the Elimination of All Forms of Discrimination against Women",
    "Committee on the Elimination of Discrimination against Women",
    "International Covenant on Economic, Social and Cultural Rights",
    "Committee on the Elimination of Racial Discrimination",
    "International Covenant on Civil and Political Rights",
    "Committee on Economic, Social and Cultural Rights",
    "Committee on the Rights of Persons with Disabilities",
    "Convention on the Rights of Persons with Disabilities",
    "International Human Rights Instruments",
    "Convention on the Rights of the Child",
    "Committee on the Rights of the Child",
    "Committee on Enforced Disappearances",
    "Committee on Migrant Workers",
    "Committee against Torture",
    "Human Rights Committee",
)
_TREATY_BODIES_FR = (
    "Convention contre la torture et autres peines ou traitements cruels, inhumains ou dégradants",
    "Convention internationale sur l’élimination de toutes les formes de discrimination raciale",
    "Convention sur l’élimination de toutes les formes de discrimination à l’égard des femmes",
    "Comité pour l’élimination de la discrimination à l’égard des femmes",
    "Pacte international relatif aux droits économiques, sociaux et culturels",
    "Pacte international relatif aux droits civils et politiques",
    "Comité pour l’élimination de la discrimination raciale",
    "Convention relative aux droits des personnes handicapées",
    "Comité des droits économiques, sociaux et culturels",
    "Comité des droits des personnes handicapées",
    "Convention relative aux droits de l’enfant",
    "Instruments internationaux relatifs aux droits de l’homme",
    "Comité des droits de l’enfant",
    "Comité des droits de l’homme",
    "Comité contre la torture",
)
_TREATY_BODIES_ES = (
    "Convención contra la Tortura y Otros Tratos o Penas Crueles, Inhumanos o Degradantes",
    "Convención Internacional sobre la Eliminación de Todas las Formas de Discriminación Racial",
    "Convención sobre la Eliminación de Todas las Formas de Discriminación contra la Mujer",
    "Comité para la Eliminación de la Discriminación contra la Mujer",
    "Pacto Internacional de Derechos Económicos, Sociales y Culturales",
    "Comité para la Eliminación de la Discriminación Racial",
    "Convención sobre los Derechos de las Personas con Discapacidad",
    "Comité sobre los Derechos de las Personas con Discapacidad",
    "Pacto Internacional de Derechos Civiles y Políticos",
    "Comité de Derechos Económicos, Sociales y Culturales",
    "Instrumentos Internacionales de Derechos Humanos",
    "Convención sobre los Derechos del Niño",
    "Comité de los Derechos del Niño",
    "Comité de Derechos Humanos",
    "Comité contra la Tortura",
)
_TREATY_BODIES_RU = (
    "Конвенция против пыток и других жестоких, бесчеловечных или унижающих достоинство видов обращения и наказания",
    "Международная конвенция о ликвидации всех форм расовой дискриминации",
    "Международный пакт об экономических, социальных и культурных правах",
    "Конвенция о ликвидации всех форм дискриминации в отношении женщин",
    "Комитет по ликвидации дискриминации в отношении женщин",
    "Международный пакт о гражданских и политических правах",
    "Комитет по экономическим, социальным и культурным правам",
    "Комитет по ликвидации расовой дискриминации",
    "Международные договоры по правам человека",
    "Конвенция о правах инвалидов",
    "Конвенция о правах ребенка",
    "Комитет по правам инвалидов",
    "Комитет по правам человека",
    "Комитет по правам ребенка",
    "Комитет против пыток",
)
_TREATY_BODIES_AR = (
    "اتفاقية مناهضة التعذيب وغيره من ضروب المعاملة أو العقوبة القاسية أو اللاإنسانية أو المهينة",
    "العهد الدولي الخاص بالحقوق الاقتصادية والاجتماعية والثقافية",
    "اللجنة المعنية بالحقوق الاقتصادية والاجتماعية والثقافية",
    "الاتفاقية الدولية للقضاء على جميع أشكال التمييز العنصري",
    "اتفاقية القضاء على جميع أشكال التمييز ضد المرأة",
    "اللجنة المعنية بالقضاء على التمييز ضد المرأة",
    "العهد الدولي الخاص بالحقوق المدنية والسياسية",
    "اللجنة المعنية بحقوق الأشخاص ذوي الإعاقة",
    "اتفاقية حقوق الأشخاص ذوي الإعاقة",
    "لجنة القضاء على التمييز العنصري",
    "اللجنة المعنية بحقوق الإنسان",
    "لجنة مناهضة التعذيب",
    "اتفاقية حقوق الطفل",
    "لجنة حقوق الطفل",
)
_TREATY_BODIES_ZH = (
    "禁止酷刑和其他残忍、不人道或有辱人格的待遇或处罚公约",
    "消除一切形式种族歧视国际公约",
    "经济社会文化权利国际公约",
    "消除对妇女一切形式歧视公约",
    "经济、社会及文化权利委员会",
    "公民及政治权利国际公约",
    "消除对妇女歧视委员会",
    "消除种族歧视委员会",
    "残疾人权利委员会",
    "禁止酷刑委员会",
    "人权事务委员会",
    "儿童权利委员会",
    "残疾人权利公约",
    "国际人权文书",
    "儿童权利公约",
)

WORDS: dict[str, LayoutWords] = {
    "en": LayoutWords(
        organisation=("United Nations", "UNITED NATIONS", "UNITED", "NATIONS"),
        bodies=(
            *_TREATY_BODIES_EN,
            "Working Group on the Universal Periodic Review",
            "Economic and Social Council",
            "Human Rights Council",
            "General Assembly",
            "Security Council",
            "Council",
            "Assembly",
        ),
        session=r"(?:\b[\w-]+\s+(?:special\s+|regular\s+|resumed\s+)?session\b)",
        agenda=rf"(?:agenda\s+items?\s+{_ITEM}|items?\s+{_ITEM}{_MORE_ITEMS_EN}\s+of\s+the\s+"
        r"(?:(?:provisional\s+)?agenda|preliminary\s+list))",
        contents=("Contents", "Table of contents"),
        columns=r"^(?:contents\s+)?paragraphs?\s+pages?$|^page$",
        masthead=r"^(?:distr\.?\s*:?\s*(?:general|limited|restricted)?|general|limited|restricted|"
        r"original\s*:\s*\w+|english|french|spanish|russian|arabic|chinese)$",
        months=_EN_MONTHS,
        date=r"(?P<day>\d{1,2})\s+(?P<month>[A-Za-z]+)\s+(?P<year>(?:19|20)\d\d)",
        article=rf"^(?:Article|Regulation)\s+(?P<num>\d{{1,3}}|{_ROMAN})$",
        division=rf"^(?:Chapter|Part)\s+(?:\d{{1,2}}|{_ROMAN})(?:\s*[:：.—–-]\s*\S.*)?$",
        annex=r"^Annex(?:es)?(?:\s+[IVX\d]+)?$",
        adoption=r"^(?:adopted|proclaimed)\b.*\bresolution\b",
        openers=("Preamble", "Summary", "Introduction", "Annex"),
        conjunctions=("and", "or"),
        draft=r"draft\s+(?:resolution|decision)",
        byline=r"^(?:(?:progress|annual|final|interim)\s+)?(?:report|note)\s+(?:of|by)\b",
        meeting=r"^\d+(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting$",
        officer=r"^\w[\w -]{2,40}:\s*(?:Mr|Ms|Mrs|Miss|Dr|Sir)\b\.?\s+\S",
        parties=r"(?:The\s+)?(?:High\s+Contracting\s+Parties|Contracting\s+Parties|States\s+Parties|Parties\s+to)\b",
    ),
    "fr": LayoutWords(
        organisation=("Nations Unies", "NATIONS UNIES"),
        bodies=(
            *_TREATY_BODIES_FR,
            "Groupe de travail sur l’Examen périodique universel",
            "Conseil économique et social",
            "Conseil des droits de l’homme",
            "Conseil des droits de l'homme",
            "Assemblée générale",
            "Conseil de sécurité",
            "Conseil",
            "Assemblée",
        ),
        session=r"(?:\b[\w-]+\s+session\b)",
        agenda=rf"(?:points?\s+{_ITEM}{_more_items('et')}\s+de\s+(?:l[’']ordre\s+du\s+jour(?:\s+provisoire)?|"
        r"la\s+liste\s+préliminaire))",
        contents=("Table des matières",),
        columns=r"^(?:table\s+des\s+matières\s+)?paragraphes\s+pages?$|^pages?$",
        masthead=r"^(?:distr\.?\s*:?\s*(?:générale|limitée|restreinte)?|générale|original\s*:\s*\w+|français)$",
        months=(
            "janvier",
            "février",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "août",
            "septembre",
            "octobre",
            "novembre",
            "décembre",
        ),
        date=r"(?P<day>\d{1,2})(?:er)?\s+(?P<month>[a-zéû]+)\s+(?P<year>(?:19|20)\d\d)",
        article=rf"^Article\s+(?P<num>premier|\d{{1,3}}|{_ROMAN})$",
        division=rf"^(?:Chapitre|Partie|Titre)\s+(?:premier|\d{{1,2}}|{_ROMAN})(?:\s*[:：.—–-]\s*\S.*)?$",
        annex=r"^Annexes?(?:\s+[IVX\d]+)?$",
        adoption=r"^(?:adoptée|proclamée)\b.*\brésolution\b",
        openers=("Préambule", "Résumé", "Introduction", "Annexe"),
        conjunctions=("et", "ou"),
        draft=r"projet\s+de\s+(?:résolution|décision)",
        byline=r"^(?:rapport|note)\s+(?:du|de|des|d['’])(?!\w)",
        meeting=r"^\d+(?:e|re|ème)\s+séance(?:\s+plénière)?$",
        officer=r"^\w[\w -]{2,40}\s?:\s*(?:M\.|Mme|Mlle)\s+\S",
        parties=r"(?:Les\s+)?(?:Hautes\s+Parties\s+contractantes|[ÉE]tats\s+Parties|Parties\s+(?:au|à|aux))\b",
    ),
    "es": LayoutWords(
        organisation=("Naciones Unidas", "NACIONES UNIDAS"),
        bodies=(
            *_TREATY_BODIES_ES,
            "Grupo de Trabajo sobre el Examen Periódico Universal",
            "Consejo Económico y Social",
            "Consejo de Derechos Humanos",
            "Asamblea General",
            "Consejo de Seguridad",
            "Consejo",
            "Asamblea",
        ),
        # A compound ordinal ("Cuadragésimo octavo período de sesiones") is one session; so is a figure with its
        # ordinal indicator, printed as such or as a degree sign ("16º período", "16.º período", "16° período").
        session=r"(?:\b(?:\w+ésim[oa]\s+)?[\w-]+\.?[º°]?\s+período\s+(?:extraordinario\s+)?de\s+sesiones\b)",
        agenda=rf"(?:temas?\s+{_ITEM}{_more_items('y')}\s+(?:del\s+programa(?:\s+provisional)?|"
        r"de\s+la\s+lista\s+preliminar))",
        contents=("Índice",),
        columns=r"^(?:índice\s+)?párrafos\s+página$|^página$",
        masthead=r"^(?:distr\.?\s*:?\s*(?:general|limitada|reservada)?|general|original\s*:\s*\w+|español)$",
        months=(
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre|setiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ),
        date=r"(?P<day>\d{1,2})\s+de\s+(?P<month>[a-z]+)\s+de\s+(?P<year>(?:19|20)\d\d)",
        article=rf"^Artículo\s+(?P<num>\d{{1,3}}|{_ROMAN})$",
        division=rf"^(?:Capítulo|Parte|Título)\s+(?:\d{{1,2}}|{_ROMAN})(?:\s*[:：.—–-]\s*\S.*)?$",
        annex=r"^Anexos?(?:\s+[IVX\d]+)?$",
        adoption=r"^(?:adoptada|proclamada)\b.*\bresolución\b",
        openers=("Preámbulo", "Resumen", "Introducción", "Anexo"),
        conjunctions=("y", "e", "o", "u"),
        draft=r"proyecto\s+de\s+(?:resolución|decisión)",
        byline=r"^(?:informe|nota)\s+(?:del|de)\b",
        meeting=r"^\d+ª\s+sesión(?:\s+plenaria)?$",
        officer=r"^\w[\w -]{2,40}:\s*(?:Sr|Sra|Srta)\.\s+\S",
        parties=r"(?:Los\s+)?(?:Altas\s+Partes\s+Contratantes|Estados\s+Partes|Partes\s+en)\b",
    ),
    "ru": LayoutWords(
        organisation=("Организация Объединенных Наций", "Организация Объединённых Наций"),
        bodies=(
            *_TREATY_BODIES_RU,
            "Рабочая группа по универсальному периодическому обзору",
            "Экономический и Социальный Совет",
            "Совет по правам человека",
            "Генеральная Ассамблея",
            "Совет Безопасности",
            "Совет",
            "Ассамблея",
        ),
        session=r"(?:\b[\w-]+\s+(?:специальная\s+)?сессия\b)",
        agenda=rf"(?:пункты?\s+{_ITEM}{_more_items('и')}\s+(?:(?:предварительной\s+)?повестки\s+дня|"
        r"предварительного\s+перечня))",
        contents=("Содержание",),
        columns=r"^(?:содержание\s+)?пункты\s+стр(?:аница|\.)?$|^стр(?:аница|\.)?$",
        masthead=r"^(?:distr\.?\s*:?\s*(?:general|limited)?|general|original\s*:\s*\w+|russian|русский)$",
        months=(
            "января",
            "февраля",
            "марта",
            "апреля",
            "мая",
            "июня",
            "июля",
            "августа",
            "сентября",
            "октября",
            "ноября",
            "декабря",
        ),
        date=r"(?P<day>\d{1,2})\s+(?P<month>[а-я]+)\s+(?P<year>(?:19|20)\d\d)(?:\s+года)?",
        article=rf"^(?:Статья|Правило)\s+(?P<num>\d{{1,3}}|{_ROMAN_RU})$",
        division=rf"^(?:Глава|Часть|Раздел)\s+(?:\d{{1,2}}|{_ROMAN_RU})(?:\s*[:：.—–-]\s*\S.*)?$",
        annex=r"^Приложени[ея](?:\s+[IVX\d]+)?$",
        adoption=r"^(?:принят|провозглашен)\w*\b.*\bрезолюци",
        openers=("Преамбула", "Резюме", "Введение", "Приложение"),
        conjunctions=("и", "или", "а"),
        draft=r"проект\s+(?:резолюции|решения)",
        byline=r"^(?:доклад|записка)\s",
        meeting=r"^\d+-?е\s+(?:пленарное\s+)?заседание$",
        officer=r"^\w[\w -]{2,40}:\s*(?:г-н|г-жа)\s+\S",
        parties=r"(?:Высокие\s+Договаривающиеся\s+Стороны|Государства\s*[-—–]?\s*участники|Стороны\s+настоящ)",
    ),
    "ar": LayoutWords(
        organisation=("الأمم المتحدة",),
        bodies=(
            *_TREATY_BODIES_AR,
            "الفريق العامل المعني بالاستعراض الدوري الشامل",
            "المجلس الاقتصادي والاجتماعي",
            "مجلس حقوق الإنسان",
            "الجمعية العامة",
            "مجلس الأمن",
            "المجلس",
            "الجمعية",
        ),
        session=r"(?:الدورة\s+\S+(?:\s+\S+)?)",
        agenda=rf"(?:البند\s+{_ITEM}\s+من\s+جدول\s+الأعمال(?:\s+المؤقت)?)",
        contents=("المحتويات",),
        columns=r"^(?:المحتويات\s+)?الفقرات\s+الصفحة$|^الصفحة$",
        masthead=r"^(?:distr\.?\s*:?\s*(?:general|limited)?|general|original\s*:\s*\w+|arabic|عربي)$",
        months=(
            "كانون الثاني/يناير|يناير",
            "شباط/فبراير|فبراير",
            "آذار/مارس|مارس",
            "نيسان/أبريل|أبريل",
            "أيار/مايو|مايو",
            "حزيران/يونيه|حزيران/يونيو|يونيه|يونيو",
            "تموز/يوليه|تموز/يوليو|يوليه|يوليو",
            "آب/أغسطس|أغسطس",
            "أيلول/سبتمبر|سبتمبر",
            "تشرين الأول/أكتوبر|أكتوبر",
            "تشرين الثاني/نوفمبر|نوفمبر",
            "كانون الأول/ديسمبر|ديسمبر",
        ),
        date=r"(?P<day>\d{1,2})\s+(?P<month>[^\d\s]+(?:\s[^\d\s]+)?)\s+(?P<year>(?:19|20)\d\d)",
        article=r"^المادة\s+(?P<num>\d{1,3})$",
        division=r"^(?:الفصل|الباب|الجزء)\s+\S+(?:\s+\S+)?(?:\s*:\s*\S.*)?$",
        annex=r"^المرفق(?:\s+\S+)?$",
        adoption=r"^(?:اعتُمد|اعتمد|اعتمدت).*قرار",
        openers=("الديباجة", "موجز", "مقدمة", "مرفق"),
        numbered=r"^(?P<num>[\u0660-\u0669\d]{1,4})\s*-\s+(?P<text>\S.*)$",
        draft=r"مشروع\s+(?:قرار|مقرر)",
        byline=r"^(?:تقرير|مذكرة)\s",
        meeting=r"^الجلسة\s+(?:العامة\s+)?\S+$",
        officer=r"^\w[\w ]{2,40}:\s*(?:السيد|السيدة)\s+\S",
        parties=r"(?:إن\s+)?(?:الدول\s+الأطراف|الأطراف\s+السامية\s+المتعاقدة|الأطراف\s+في)",
    ),
    "zh": LayoutWords(
        organisation=("联合国",),
        bodies=(
            *_TREATY_BODIES_ZH,
            "普遍定期审议工作组",
            "经济及社会理事会",
            "人权理事会",
            "安全理事会",
            "大会",
            "理事会",
        ),
        session=r"(?:第[一二三四五六七八九十百〇零\d]+届(?:特别|续)?会议)",
        agenda=r"(?:(?:临时)?议程(?:项目)?\s*([0-9]+(?:\s*\([a-z]\))?))",
        contents=("目录",),
        columns=r"^(?:目录\s*)?段次\s*页次$|^页次$",
        masthead=r"^(?:distr\.?\s*:?\s*(?:general|limited)?|general|original\s*:\s*\w+|chinese|中文)$",
        months=tuple(f"{n}月" for n in range(1, 13)),
        date=r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>\d{1,2}\s*月)\s*(?P<day>\d{1,2})\s*日",
        # ``第十条`` alone, or ``第 1 条用语和范围`` (Arabic digits, the article's title run on).
        article=r"^第\s*(?P<num>[一二三四五六七八九十百零〇]{1,7}|\d{1,3})\s*条"
        r"(?:\s*(?P<title>[^\W\d_第][^\d。，；：！？、,.;:]{0,24}))?$",
        division=r"^第\s*(?:[一二三四五六七八九十百零〇]{1,5}|\d{1,2})\s*(?:章|部分|编)(?:\s*[:：]?\s*\S.*)?$",
        annex=r"^附件[一二三四五六七八九十]*$",
        adoption=r"^联合国大会.*决议.*(?:通过|宣布|颁布)",
        openers=("序言", "摘要", "导言", "附件"),
        draft=r"(?:决议|决定)草案",
        byline=r"的(?:报告|说明)$",
        meeting=r"^第\s*\d+\s*次(?:全体)?会议$",
        officer=r"^\w{1,10}[:：]\s*\S+(?:先生|女士)",
        parties=r"(?:本|该)?(?:公约|协定|议定书|条约)?(?:缔约国|缔约各方|缔约方)",
    ),
}
"""The layout words of each official language, by ISO code."""


def all_languages() -> tuple[LayoutWords, ...]:
    """Every language's words (a rule that does not know the language tries them all)."""
    return tuple(WORDS.values())


LANGUAGE_NAMES: dict[str, tuple[str, ...]] = {
    "en": ("English", "Anglais", "Inglés", "Английский", "الإنكليزية", "英文"),
    "fr": ("French", "Français", "Francés", "Французский", "الفرنسية", "法文"),
    "es": ("Spanish", "Español", "Espagnol", "Испанский", "الإسبانية", "西班牙文"),
    "ru": ("Russian", "Русский", "Russe", "Ruso", "الروسية", "俄文"),
    "ar": ("Arabic", "Arabe", "Árabe", "Арабский", "عربي", "العربية", "阿拉伯文"),
    "zh": ("Chinese", "Chinois", "Chino", "Китайский", "الصينية", "中文"),
}
"""Each official language's name as a masthead prints it (``Arabic``, ``Español``, ``Original : anglais``), by
ISO code: a translation names its own language in English or in itself, its original in its own language."""
