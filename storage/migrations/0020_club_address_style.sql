-- How the bot addresses a club's members of 60 and over (club/address.py):
-- 'ong_ba' says "ông" to a man and "bà" to a woman; 'bac' says "bác" to
-- both, as many clubs' own notices do. Younger members are "anh"/"chị"
-- either way. The chair changes it in chat (🗂 Ban chủ nhiệm → 🗣 Cách xưng
-- hô) or an operator with `ishc-bot address`; every change is audited.
ALTER TABLE clubs ADD COLUMN address_style TEXT NOT NULL DEFAULT 'ong_ba'
    CHECK (address_style IN ('ong_ba', 'bac'));
