"""Every total of a metric, year, aggregation and status, as the sources state it, read off them by hand.

One row per total: (metric, year, aggregation, status, since, total, approximate), the metric by its
local name under https://w3id.org/ssvkg/id/, since the first period of a cumulative window ("" for the
others), approximate whether the source qualifies the figure (超过, 近, 多, more than, …) or gives a
range. The sentence that states each total is quoted beside it (002 and 004 in Chinese, 003 in its
machine translation). Where the source says 其中 ("of which"), the part is inside the whole's total and
never adds to it.
"""

from collections import Counter

TOTALS = Counter([
    # 004: 连接全国超过1万台AED(自动体外除颤器)设备,在学校、社区、商圈等场景落地71个属地应急点位
    ("metric-aed-devices-connected", "2022", "as-of", "actual", "", 10000, "yes"),
    ("metric-emergency-points", "2022", "as-of", "actual", "", 71, "no"),
    # 002: 2021年騰訊研發投入達到518.8億元,較2018年實現翻番,研發人員數量同比增長41%,新增研發項目超6000個。
    ("metric-rd-expenditure", "2021", "period-total", "actual", "", 51880000000, "no"),
    ("metric-rd-staff-yoy-change", "2021", "change", "actual", "", 41, "no"),
    ("metric-new-rd-projects", "2021", "period-total", "actual", "", 6000, "yes"),
    # 002: 過去三年,騰訊累計研發投入已經超過1200億元,年均增速超過30%。 (three years to 2021: from 2019)
    ("metric-rd-expenditure", "2021", "cumulative", "actual", "2019", 120000000000, "yes"),
    ("metric-rd-expenditure-average-annual-growth", "2021", "change", "actual", "", 30, "yes"),
    # 004: 2022年腾讯全年研发开支超过614亿元,2018年以来累计研发开支已超2200亿元。
    ("metric-rd-expenditure", "2022", "period-total", "actual", "", 61400000000, "yes"),
    ("metric-rd-expenditure", "2022", "cumulative", "actual", "2018", 220000000000, "yes"),
    # 002: 2021年微信小程序日活超過4.5億,日均使用次數比2020年增長了32%,活躍小程序則增長了41%;小程序開發者突破了300萬
    ("metric-daily-active-users", "2021", "as-of", "actual", "", 450000000, "yes"),
    ("metric-daily-uses-change", "2021", "change", "actual", "", 32, "no"),
    ("metric-active-mini-programs-change", "2021", "change", "actual", "", 41, "no"),
    ("metric-developers", "2021", "as-of", "actual", "", 3000000, "yes"),
    # 003 (MT): "Initial investment 500 RMB100mn" = 500亿元, pledged in the April 2021 letter
    ("metric-investment-amount", "2021", "as-of", "target", "", 50000000000, "no"),
    # 002: 今年4月30日,“新基石研究員項目”正式發布,騰訊計劃在未來10年內投入100億元,穩定支持200至300位杰出科學家,
    #      在數學與物質科學、生物與醫學科學兩大領域長久支持基礎研究。 (targets; ten years from 2022-04-30)
    ("metric-investment-amount", "2032", "cumulative", "target", "2022-04-30", 10000000000, "no"),
    ("metric-scientists-funded", "2032", "cumulative", "target", "2022-04-30", 200, "yes"),  # 200 to 300
    ("metric-program-duration", "2022", "as-of", "target", "", 10, "no"),
    ("metric-research-fields-supported", "2022", "as-of", "target", "", 2, "no"),
    # 004: “科学探索奖”…四年来已资助了250多位杰出科学家 (an actual count: never added to the target above)
    ("metric-scientists-funded", "2022", "cumulative", "actual", "2019", 250, "yes"),
    # 002: 計劃用三年時間實現線上培訓100萬人、線下培訓10萬的目標 (from the notice of April 2022)
    ("metric-program-duration", "2022", "as-of", "target", "", 3, "no"),  # a duration: not added to the 10 years
    ("metric-online-trainees", "2025", "cumulative", "target", "2022-04", 1000000, "no"),
    ("metric-offline-trainees", "2025", "cumulative", "target", "2022-04", 100000, "no"),
    # 002: 24小時內有超過250萬訪問量 (the 2021 Henan floods); 騰訊內部還有十多款產品全方面參與救災行動
    ("metric-document-visits", "2021", "period-total", "actual", "", 2500000, "yes"),
    ("metric-participating-products", "2021", "period-total", "actual", "", 10, "yes"),
    # 002: 騰訊公益慈善基金會向中國紅十字基金會捐贈 3500萬元
    ("metric-grant-amount", "2021", "period-total", "actual", "", 35000000, "no"),
    # 002: 微信生態在2020 年衍生了3684萬個就業機會,同比增長24.4%。
    ("metric-employment-opportunities", "2020", "period-total", "actual", "", 36840000, "no"),
    ("metric-employment-opportunities-yoy-change", "2020", "change", "actual", "", 24.4, "no"),
    # 004: 微信数字生态…衍生的就业收入机会近5017.3万个 (a reworded indicator: its own metric)
    ("metric-employment-income-opportunities", "2022", "period-total", "actual", "", 50173000, "yes"),
    # 004: 2022年期间,腾讯数字生态孕育和创造了147个新职业。
    ("metric-new-occupations", "2022", "period-total", "actual", "", 147, "no"),
    # 004: 截至2022年底,已服务43万家制造企业、覆盖26个行业。
    ("metric-enterprises-served", "2022", "as-of", "actual", "", 430000, "no"),
    ("metric-industries-served", "2022", "as-of", "actual", "", 26, "no"),
    # 002: 騰訊已在30多個行業,與9000多家合作伙伴聯合打造了超過400個行業解決方案
    ("metric-industries-served", "2021", "as-of", "actual", "", 30, "yes"),
    ("metric-partners", "2021", "as-of", "actual", "", 9000, "yes"),
    ("metric-industry-solutions", "2021", "as-of", "actual", "", 400, "yes"),
    # 002: 2021年“99 公益日”,用戶捐款總額35.69億元,捐款總人次6870萬,共帶動超過12000家企業參與。
    #      其中9月5日“共同富裕主題日”,共473萬人次捐出2.7億元,加上騰訊基金會的1.6億配捐,合計4.3億善款
    # The theme day's 2.7億 and 473萬人次 are 其中, inside 35.69億 and 6870萬: 3,569,000,000 (not
    # 3,839,000,000) and 68,700,000 (not 73,430,000). The 1.6億 of matching and the 4.3億 in all are other metrics.
    ("metric-donation-amount", "2021", "period-total", "actual", "", 3569000000, "no"),
    ("metric-donation-count", "2021", "period-total", "actual", "", 68700000, "no"),
    ("metric-participating-companies", "2021", "period-total", "actual", "", 12000, "yes"),
    ("metric-matching-donation-amount", "2021", "period-total", "actual", "", 160000000, "no"),
    ("metric-donation-amount-incl-matching", "2021", "period-total", "actual", "", 430000000, "no"),
    # 004: 2022年99公益日参与用户超过1亿人,捐赠人次累计超过5816万人次,公众筹集善款人民币总额超过33亿元。
    ("metric-participating-users", "2022", "period-total", "actual", "", 100000000, "yes"),
    ("metric-donation-count", "2022", "period-total", "actual", "", 58160000, "yes"),
    ("metric-donation-amount", "2022", "period-total", "actual", "", 3300000000, "yes"),
    # 004: 截至2023年6月已入驻村庄35051个,涵盖全国31个省市自治区,服务村民4653485人
    ("metric-villages-served", "2023", "as-of", "actual", "", 35051, "no"),
    ("metric-provincial-regions-covered", "2023", "as-of", "actual", "", 31, "no"),
    ("metric-villagers-served", "2023", "as-of", "actual", "", 4653485, "no"),
    # 004: 截至2023年6月,“自立小店”助力行动已面向全广东省近4万残障小商家开放免费申请
    ("metric-small-businesses-reached", "2023", "as-of", "actual", "", 40000, "yes"),
    # 002: 騰訊自1998年成立以來已連續發布九份企業社會責任報告 (as of the release of 16 May 2022)
    ("metric-reports-published", "2022", "cumulative", "actual", "1998", 9, "no"),
    # 002: 承諾…不晚于2030年,實現100%綠色電力。
    ("metric-green-electricity-share", "2030", "as-of", "target", "", 100, "no"),
    # 003 (MT): "——95 A team , near 12000 People were commended"
    ("metric-teams-commended", "2020", "period-total", "actual", "", 95, "no"),
    ("metric-people-commended", "2020", "period-total", "actual", "", 12000, "yes"),
    # 003 (MT): "They reviewed their experience in the company 23 In the course of growing up" (from 1998)
    ("metric-company-age", "2021", "cumulative", "actual", "1998", 23, "no"),
])
