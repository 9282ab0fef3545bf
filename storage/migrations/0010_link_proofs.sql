-- What proved a chat link made by sharing a contact: the phone, as the roster
-- gave it then. A member's phone can change (the book is re-imported with a
-- new number); a link proven by a phone that is no longer theirs must end,
-- and only the phone that proved it tells which links those are.
--
-- Its own table rather than a column of chat_links, so that nothing writing
-- chat_links has to change; a link's proof goes with the link (ON DELETE
-- CASCADE: unlinking, signing out, any deletion).
CREATE TABLE chat_link_proofs (
    channel     TEXT NOT NULL,
    account_id  TEXT NOT NULL,
    member_id   INTEGER NOT NULL,
    phone       TEXT NOT NULL,                          -- '0xxxxxxxxx', as shared
    PRIMARY KEY (channel, account_id, member_id),
    FOREIGN KEY (channel, account_id, member_id)
        REFERENCES chat_links(channel, account_id, member_id) ON DELETE CASCADE
);
CREATE INDEX chat_link_proofs_phone ON chat_link_proofs(phone);

-- Links made before this table: the phone that proved them was the member's
-- phone of the day; the best that can be known now is the member's phone today.
INSERT INTO chat_link_proofs (channel, account_id, member_id, phone)
SELECT l.channel, l.account_id, l.member_id, m.phone
FROM chat_links l JOIN members m ON m.id = l.member_id
WHERE l.how = 'contact' AND m.phone IS NOT NULL;
