"""Name pools: common surnames (with the tricky 曾 单 解 区 仇), given-name characters,
traditional variants for noise and same-reading characters (同音字) for fuzzy cases.

Every character here folds to itself under traditional->simplified conversion, and
every traditional variant folds back to its simplified character (checked by tests).
"""

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
    "魏苏吕丁任沈姚卢姜崔钟谭陆汪范石廖贾夏韦付方邹熊孟秦邱侯江尹薛闫段雷黎史龙陶贺顾毛郝龚"
    "邵万钱覃武戴孔向汤单解区仇"
)
# Rough frequency: the first surnames are far more common.
SURNAME_WEIGHTS = tuple(max(1.0, 40.0 - i) for i in range(len(SURNAMES)))

MALE_CHARS = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才武新利清飞彬富顺信杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"
FEMALE_CHARS = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝丽阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽苛灵玛媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨洋忠宗曼紫逸贤蝶菡绿蓝儿翠烟"

# simplified -> traditional, for names written in traditional characters (noise).
TRADITIONAL = {
    "静": "靜", "华": "華", "张": "張", "陈": "陳", "刘": "劉", "黄": "黃", "赵": "趙", "吴": "吳",
    "郑": "鄭", "冯": "馮", "苏": "蘇", "东": "東", "红": "紅", "丽": "麗", "伟": "偉", "强": "強",
    "军": "軍", "兰": "蘭", "凤": "鳳", "云": "雲", "龙": "龍", "辉": "輝", "涛": "濤", "万": "萬",
    "艳": "艷", "杨": "楊", "邓": "鄧", "叶": "葉", "罗": "羅", "韩": "韓", "国": "國", "兴": "興",
}

# Pairs of characters sharing a toneless pinyin reading (any reading of a 多音字 counts).
HOMOPHONES = {
    "静": "靖", "华": "桦", "军": "君", "明": "鸣", "丽": "莉", "红": "洪", "英": "瑛", "平": "萍",
    "曾": "增", "单": "善", "解": "谢", "区": "欧", "仇": "球", "海": "亥", "芳": "方", "梅": "玫",
}
